// Copyright (c) 2026, isms_leadership contributors
// License: MIT. See license.txt

frappe.ui.form.on("ISMS Communication", {
	setup(frm) {
		const by_company = () => ({ filters: { company: frm.doc.company } });
		frm.set_query("planned_communication", () => ({ filters: { company: frm.doc.company, active: 1 } }));
		frm.set_query("security_policy", by_company);
		frm.set_query("management_review", by_company);
		frm.set_query("security_objective", by_company);
		frm.set_query("sender", () => ({ filters: { company: frm.doc.company, status: "Active" } }));
		frm.set_query("newsletter", () => ({ filters: { email_sent: 1 } }));
		frm.set_query("email", () => ({
			filters: { communication_medium: "Email", sent_or_received: "Sent" },
		}));
	},

	planned_communication(frm) {
		if (!frm.doc.planned_communication) return;
		frappe.db
			.get_value("ISMS Planned Communication", frm.doc.planned_communication, ["what", "audience", "audience_detail", "channel"])
			.then(({ message }) => {
				if (!message) return;
				if (!frm.doc.topic) frm.set_value("topic", message.what);
				frm.set_value("audience", message.audience);
				frm.set_value("audience_detail", message.audience_detail);
				frm.set_value("channel", message.channel);
			});
	},
});
