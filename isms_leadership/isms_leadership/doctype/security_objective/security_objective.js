// Copyright (c) 2026, isms_leadership contributors
// License: MIT. See license.txt

const SO_METHOD = "isms_leadership.isms_leadership.doctype.security_objective.api";

frappe.ui.form.on("Security Objective", {
	setup(frm) {
		frm.set_query("security_policy", () => ({
			filters: { company: frm.doc.company, status: "Published" },
		}));
		frm.set_query("owner_employee", () => ({
			filters: { status: "Active", company: frm.doc.company },
		}));
	},

	refresh(frm) {
		if (frm.doc.__onload && frm.doc.__onload.can_record && !frm.is_new()) {
			frm.add_custom_button(__("Record Measurement"), () => frm.trigger("record_measurement"));
		}
		if (!frm.is_new()) {
			frm.add_custom_button(
				__("Objectives Status"),
				() => frappe.set_route("query-report", "Objectives Status", { company: frm.doc.company, objective: frm.doc.name }),
				__("View")
			);
		}
		const colours = { "On track": "green", "At risk": "orange", "Off track": "red", Achieved: "blue", "Not measured": "gray" };
		if (frm.doc.docstatus === 1 && frm.doc.status) {
			frm.page.set_indicator(__(frm.doc.status), colours[frm.doc.status] || "gray");
		}
	},

	record_measurement(frm) {
		frappe.prompt(
			[
				{ fieldname: "measured_on", fieldtype: "Date", label: __("Measured On"), reqd: 1, default: frappe.datetime.get_today() },
				{ fieldname: "value", fieldtype: "Float", label: __("Value ({0})", [frm.doc.unit || frm.doc.metric]), reqd: 1 },
				{ fieldname: "note", fieldtype: "Small Text", label: __("Note") },
			],
			(values) =>
				frappe
					.call({ method: `${SO_METHOD}.record_measurement`, args: { objective: frm.doc.name, ...values }, freeze: true })
					.then((r) => {
						frappe.show_alert({ message: __("Status: {0}", [__(r.message.status)]), indicator: "green" });
						frm.reload_doc();
					}),
			__("Record Measurement"),
			__("Record")
		);
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
