// Copyright (c) 2026, isms_leadership contributors
// License: MIT. See license.txt

frappe.query_reports["Objectives Status"] = {
	filters: [
		{
			fieldname: "company",
			label: __("Company"),
			fieldtype: "Link",
			options: "Company",
			default: frappe.defaults.get_user_default("Company"),
		},
		{
			fieldname: "objective",
			label: __("Objective"),
			fieldtype: "Link",
			options: "Security Objective",
			get_query: () => ({ filters: { company: frappe.query_report.get_filter_value("company") } }),
		},
		{ fieldname: "owner_employee", label: __("Owner"), fieldtype: "Link", options: "Employee" },
		{
			fieldname: "status",
			label: __("Status"),
			fieldtype: "Select",
			options: ["", "On track", "At risk", "Off track", "Achieved", "Not measured"],
		},
		{ fieldname: "include_drafts", label: __("Include Drafts"), fieldtype: "Check" },
	],
	formatter(value, row, column, data, default_formatter) {
		value = default_formatter(value, row, column, data);
		if (!data || column.fieldname !== "status") return value;
		const colours = { "On track": "green", "At risk": "orange", "Off track": "red", Achieved: "blue", "Not measured": "gray" };
		return `<span class="indicator-pill ${colours[data.status] || "gray"}">${value}</span>`;
	},
};
