// Copyright (c) 2026, isms_leadership contributors
// License: MIT. See license.txt

frappe.listview_settings["Management Review"] = {
	add_fields: ["status"],
	has_indicator_for_draft: true,
	get_indicator(doc) {
		const colour = {
			Planned: "gray",
			"In Progress": "blue",
			"Awaiting Sign-off": "orange",
			Completed: "green",
			Cancelled: "darkgrey",
		}[doc.status];
		return [__(doc.status), colour, `status,=,${doc.status}`];
	},
};
