// Copyright (c) 2026, isms_leadership contributors
// License: MIT. See license.txt

frappe.listview_settings["ISMS Evidence Pack"] = {
	add_fields: ["status"],
	get_indicator(doc) {
		const colour = { Queued: "gray", Building: "blue", Ready: "green", Failed: "red" }[doc.status];
		return [__(doc.status), colour, `status,=,${doc.status}`];
	},
};
