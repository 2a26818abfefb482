// Copyright (c) 2026, isms_leadership contributors
// License: MIT. See license.txt

frappe.listview_settings["Resource Allocation"] = {
	add_fields: ["status"],
	has_indicator_for_draft: true,
	get_indicator(doc) {
		const colour = {
			Draft: "gray",
			"Finance Review": "blue",
			"Pending Approval": "orange",
			Rejected: "red",
			Approved: "green",
			Cancelled: "darkgrey",
		}[doc.status];
		return [__(doc.status), colour, `status,=,${doc.status}`];
	},
};
