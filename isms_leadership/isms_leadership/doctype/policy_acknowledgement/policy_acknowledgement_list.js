// Copyright (c) 2026, isms_leadership contributors
// License: MIT. See license.txt

frappe.listview_settings["Policy Acknowledgement"] = {
	add_fields: ["status", "user"],
	get_indicator(doc) {
		const colour = { Acknowledged: "green", Pending: "orange", Overdue: "red" }[doc.status];
		return [__(doc.status), colour, `status,=,${doc.status}`];
	},
	onload(listview) {
		if (!frappe.user.has_role(["ISMS Manager", "ISMS Auditor", "ISMS Top Management", "HR Manager"])) {
			listview.filter_area.add([["Policy Acknowledgement", "user", "=", frappe.session.user]]);
		}
	},
};
