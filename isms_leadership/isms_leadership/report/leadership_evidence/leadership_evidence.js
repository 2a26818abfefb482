// Copyright (c) 2026, isms_leadership contributors
// License: MIT. See license.txt

frappe.query_reports["Leadership Evidence"] = {
	filters: [
		{
			fieldname: "company",
			label: __("Company"),
			fieldtype: "Link",
			options: "Company",
			reqd: 1,
			default: frappe.defaults.get_user_default("Company"),
		},
		{ fieldname: "on_date", label: __("On Date"), fieldtype: "Date", default: frappe.datetime.get_today() },
	],
	formatter(value, row, column, data, default_formatter) {
		value = default_formatter(value, row, column, data);
		if (data && column.fieldname === "status") {
			const colour = { Met: "green", "At risk": "orange", Gap: "red" }[data.level];
			value = `<span class="indicator-pill ${colour}">${value}</span>`;
		}
		return value;
	},
};
