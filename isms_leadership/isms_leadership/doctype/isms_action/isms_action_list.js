// Copyright (c) 2026, isms_leadership contributors
// License: MIT. See license.txt

frappe.listview_settings["ISMS Action"] = {
	add_fields: ["status", "overdue"],
	get_indicator(doc) {
		if (doc.overdue) return [__("Overdue"), "red", "overdue,=,1"];
		const colour = { Open: "orange", "In Progress": "blue", Completed: "green", Cancelled: "darkgrey" }[doc.status];
		return [__(doc.status), colour, `status,=,${doc.status}`];
	},
};
