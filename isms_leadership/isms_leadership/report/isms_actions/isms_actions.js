// Copyright (c) 2026, isms_leadership contributors
// License: MIT. See license.txt

frappe.query_reports["ISMS Actions"] = {
	filters: [
		{
			fieldname: "company",
			label: __("Company"),
			fieldtype: "Link",
			options: "Company",
			default: frappe.defaults.get_user_default("Company"),
		},
		{ fieldname: "management_review", label: __("Source Review"), fieldtype: "Link", options: "Management Review" },
		{ fieldname: "owner_employee", label: __("Owner"), fieldtype: "Link", options: "Employee" },
		{
			fieldname: "status",
			label: __("Status"),
			fieldtype: "Select",
			options: ["", "Open", "In Progress", "Completed", "Cancelled"],
		},
		{ fieldname: "overdue_only", label: __("Overdue Only"), fieldtype: "Check" },
	],
	formatter(value, row, column, data, default_formatter) {
		value = default_formatter(value, row, column, data);
		if (data && data.overdue && column.fieldname === "due_date") {
			value = `<span class="text-danger">${value}</span>`;
		}
		return value;
	},
};
