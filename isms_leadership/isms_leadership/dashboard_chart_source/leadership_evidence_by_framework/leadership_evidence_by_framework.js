// Copyright (c) 2026, isms_leadership contributors
// License: MIT. See license.txt

frappe.provide("frappe.dashboards.chart_sources");

frappe.dashboards.chart_sources["Leadership Evidence by Framework"] = {
	method: "isms_leadership.api.frameworks.scores_by_framework",
	filters: [
		{
			fieldname: "company",
			label: __("Company"),
			fieldtype: "Link",
			options: "Company",
			default: frappe.defaults.get_user_default("Company"),
		},
	],
};
