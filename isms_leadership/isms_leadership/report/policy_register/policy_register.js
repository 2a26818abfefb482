// Copyright (c) 2026, isms_leadership contributors
// License: MIT. See license.txt

frappe.query_reports["Policy Register"] = {
	filters: [
		{
			fieldname: "company",
			label: __("Company"),
			fieldtype: "Link",
			options: "Company",
			default: frappe.defaults.get_user_default("Company"),
		},
		{
			fieldname: "policy_type",
			label: __("Type"),
			fieldtype: "Select",
			options: [
				"",
				"Information Security Policy",
				"Topic-specific Policy",
				"Digital Operational Resilience Strategy",
				"ICT Internal Audit Plan",
			],
		},
		{
			fieldname: "status",
			label: __("Status"),
			fieldtype: "Select",
			options: ["", "Draft", "In Review", "Pending Approval", "Published", "Superseded", "Retired"],
		},
	],
	formatter(value, row, column, data, default_formatter) {
		value = default_formatter(value, row, column, data);
		if (!data) return value;
		if (column.fieldname === "review_state" && data.review_state === "Overdue") {
			value = `<span class="text-danger">${value}</span>`;
		}
		if (column.fieldname === "overdue_acknowledgements" && data.overdue_acknowledgements > 0) {
			value = `<span class="text-danger">${value}</span>`;
		}
		return value;
	},
};
