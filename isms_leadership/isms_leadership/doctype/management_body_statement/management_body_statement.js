// Copyright (c) 2026, isms_leadership contributors
// License: MIT. See license.txt

frappe.ui.form.on("Management Body Statement", {
	refresh(frm) {
		const colours = { Draft: "gray", "Pending Approval": "orange", Approved: "green", Withdrawn: "gray" };
		if (frm.doc.status) frm.page.set_indicator(__(frm.doc.status), colours[frm.doc.status] || "gray");
		if (!frm.is_new()) {
			frm.add_custom_button(
				__("Leadership Evidence"),
				() =>
					frappe.set_route("query-report", "Leadership Evidence", {
						company: frm.doc.company,
						framework: frm.doc.framework,
						on_date: frm.doc.to_date,
					}),
				__("View")
			);
		}
		if (frm.doc.docstatus === 0 && frm.doc.workflow_state !== "Pending Approval") {
			frm.set_intro(__("The lines below are gathered from the records each time the draft is saved."));
		}
	},

	before_workflow_action(frm) {
		if (frm.selected_workflow_action !== "Return to Draft") return;
		frappe.dom.unfreeze();
		return new Promise((resolve) => {
			frappe.prompt(
				{ fieldname: "reason", fieldtype: "Small Text", label: __("Reason for Return"), reqd: 1 },
				(values) => {
					// the workflow action reads the record from the database: save the reason first
					frappe.dom.freeze();
					frappe
						.xcall("frappe.client.set_value", {
							doctype: frm.doctype,
							name: frm.doc.name,
							fieldname: "return_reason",
							value: values.reason,
						})
						.then(resolve)
						.catch(() => frappe.dom.unfreeze());
				},
				__("Return to Draft"),
				__("Return")
			);
		});
	},
});
