// Copyright (c) 2026, isms_leadership contributors
// License: MIT. See license.txt

frappe.listview_settings["Role Assignment"] = {
	add_fields: ["status", "accepted_on"],
	has_indicator_for_draft: true,
	get_indicator(doc) {
		const colours = {
			Draft: "gray",
			"Pending Approval": "orange",
			Scheduled: "blue",
			Active: "green",
			Expiring: "yellow",
			Ended: "darkgrey",
			Vacated: "red",
		};
		return [__(doc.status), colours[doc.status] || "gray", `status,=,${doc.status}`];
	},
};
