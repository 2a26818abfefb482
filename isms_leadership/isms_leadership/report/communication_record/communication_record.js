// Copyright (c) 2026, isms_leadership contributors
// License: MIT. See license.txt

frappe.query_reports["Communication Record"] = {
	filters: [
		{
			fieldname: "company",
			label: __("Company"),
			fieldtype: "Link",
			options: "Company",
			default: frappe.defaults.get_user_default("Company"),
		},
		{
			fieldname: "show",
			label: __("Show"),
			fieldtype: "Select",
			options: [
				{ value: "Plan", label: __("The Plan") },
				{ value: "Communications", label: __("Communications") },
			],
			default: "Plan",
		},
		{
			fieldname: "from_date",
			label: __("From"),
			fieldtype: "Date",
			default: frappe.datetime.add_months(frappe.datetime.get_today(), -12),
			depends_on: "eval:doc.show=='Communications'",
		},
		{
			fieldname: "to_date",
			label: __("To"),
			fieldtype: "Date",
			default: frappe.datetime.get_today(),
			depends_on: "eval:doc.show=='Communications'",
		},
		{
			fieldname: "top_management_only",
			label: __("Sent by Top Management"),
			fieldtype: "Check",
			depends_on: "eval:doc.show=='Communications'",
		},
	],
	formatter(value, row, column, data, default_formatter) {
		value = default_formatter(value, row, column, data);
		if (data && data.overdue && column.fieldname === "next_due") {
			value = `<span class="text-danger">${value}</span>`;
		}
		return value;
	},
};
