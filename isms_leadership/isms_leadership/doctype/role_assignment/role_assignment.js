// Copyright (c) 2026, isms_leadership contributors
// License: MIT. See license.txt

const RA_METHOD = "isms_leadership.isms_leadership.doctype.role_assignment.api";

frappe.ui.form.on("Role Assignment", {
	setup(frm) {
		const active_of_company = () => ({
			filters: { status: "Active", company: frm.doc.company },
		});
		frm.set_query("employee", active_of_company);
		frm.set_query("deputy", () => ({
			filters: { status: "Active", company: frm.doc.company, name: ["!=", frm.doc.employee || ""] },
		}));
	},

	refresh(frm) {
		frm.trigger("set_intro");
		if (frm.doc.docstatus !== 1) return;
		const held = ["Active", "Expiring", "Scheduled"].includes(frm.doc.status);
		if (held && !frm.doc.accepted_on && frm.doc.user === frappe.session.user) {
			frm.add_custom_button(__("Accept"), () =>
				frappe
					.call({ method: `${RA_METHOD}.accept`, args: { assignment: frm.doc.name }, freeze: true })
					.then(() => frm.reload_doc())
			).addClass("btn-primary");
		}
		if (["Active", "Expiring"].includes(frm.doc.status) && frm.perm[0] && frm.perm[0].write) {
			frm.add_custom_button(__("Hand Over"), () => frm.trigger("hand_over"));
		}
	},

	set_intro(frm) {
		if (frm.doc.approved_by_bootstrap) {
			frm.set_intro(
				__(
					"Approved by a System Manager while {0} had no active top-management holder.",
					[frm.doc.company]
				),
				"orange"
			);
		} else if (frm.doc.docstatus === 1 && !frm.doc.accepted_on && frm.doc.status !== "Ended" && frm.doc.status !== "Vacated") {
			frm.set_intro(__("The appointee has not accepted this assignment yet."), "yellow");
		}
	},

	hand_over(frm) {
		const dialog = new frappe.ui.Dialog({
			title: __("Hand Over {0}", [frm.doc.isms_role]),
			fields: [
				{
					fieldname: "to_employee",
					fieldtype: "Link",
					options: "Employee",
					label: __("To Employee"),
					reqd: 1,
					get_query: () => ({
						filters: { status: "Active", company: frm.doc.company, name: ["!=", frm.doc.employee] },
					}),
				},
				{
					fieldname: "handover_date",
					fieldtype: "Date",
					label: __("Hand Over On"),
					default: frappe.datetime.get_today(),
					reqd: 1,
				},
			],
			primary_action_label: __("Hand Over"),
			primary_action(values) {
				frappe
					.call({
						method: `${RA_METHOD}.hand_over`,
						args: { assignment: frm.doc.name, ...values },
						freeze: true,
					})
					.then((r) => {
						dialog.hide();
						frappe.set_route("Form", "Role Assignment", r.message);
					});
			},
		});
		dialog.show();
	},
});
