// Copyright (c) 2026, isms_leadership contributors
// License: MIT. See license.txt

frappe.ui.form.on("Policy Acknowledgement", {
	refresh(frm) {
		frm.add_custom_button(__("Read Policy"), () =>
			frappe.set_route("Form", "Security Policy", frm.doc.security_policy)
		);
		if (!frm.doc.acknowledged_on && frm.doc.user === frappe.session.user) {
			frm.add_custom_button(__("Acknowledge"), () =>
				frappe
					.call({
						method: "isms_leadership.isms_leadership.doctype.policy_acknowledgement.api.acknowledge",
						args: { acknowledgement: frm.doc.name },
						freeze: true,
					})
					.then(() => frm.reload_doc())
			).addClass("btn-primary");
		}
	},
});
