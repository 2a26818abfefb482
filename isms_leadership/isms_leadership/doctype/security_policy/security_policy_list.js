// Copyright (c) 2026, isms_leadership contributors
// License: MIT. See license.txt

frappe.listview_settings["Security Policy"] = {
	add_fields: ["status"],
	has_indicator_for_draft: true,
	get_indicator(doc) {
		const colour = {
			Draft: "gray",
			"In Review": "blue",
			"Pending Approval": "orange",
			Published: "green",
			Superseded: "darkgrey",
			Retired: "darkgrey",
		}[doc.status];
		return [__(doc.status), colour, `status,=,${doc.status}`];
	},
};
