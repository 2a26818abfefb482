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
		{
			fieldname: "framework",
			label: __("Framework"),
			fieldtype: "Select",
			// All: every framework switched on for the company in ISMS Settings
			options: [
				{ value: "All", label: __("All") },
				{ value: "ISO/IEC 27001:2022", label: __("ISO/IEC 27001:2022") },
				{ value: "NIS2", label: __("NIS2") },
				{ value: "DORA", label: __("DORA") },
			],
			default: "All",
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
