// Copyright (c) 2026, isms_leadership contributors
// License: MIT. See license.txt

frappe.query_reports["Role Coverage"] = {
	filters: [
		{
			fieldname: "company",
			label: __("Company"),
			fieldtype: "Link",
			options: "Company",
			default: frappe.defaults.get_user_default("Company"),
		},
		{
			fieldname: "isms_role",
			label: __("ISMS Role"),
			fieldtype: "Link",
			options: "ISMS Role",
		},
		{
			fieldname: "department",
			label: __("Department"),
			fieldtype: "Link",
			options: "Department",
		},
	],
	formatter(value, row, column, data, default_formatter) {
		value = default_formatter(value, row, column, data);
		const alarming = ["vacancies", "conflicts", "without_deputy"];
		if (data && alarming.includes(column.fieldname) && data[column.fieldname] > 0) {
			value = `<span class="text-danger">${value}</span>`;
		}
		return value;
	},
};
