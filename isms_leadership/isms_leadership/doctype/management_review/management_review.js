// Copyright (c) 2026, isms_leadership contributors
// License: MIT. See license.txt

const MR_METHOD = "isms_leadership.isms_leadership.doctype.management_review.api";

frappe.ui.form.on("Management Review", {
	setup(frm) {
		frm.set_query("chair", () => ({ filters: { company: frm.doc.company, status: "Active" } }));
		frm.set_query("employee", "attendees", () => ({ filters: { company: frm.doc.company } }));
		frm.set_query("owner_employee", "decisions", () => ({ filters: { company: frm.doc.company, status: "Active" } }));
		frm.set_query("security_policy", "decisions", () => ({
			filters: { company: frm.doc.company, status: "Published" },
		}));
	},

	refresh(frm) {
		const due = frm.doc.__onload && frm.doc.__onload.next_review_due;
		if (due && frm.doc.docstatus === 0) {
			frm.dashboard.add_indicator(
				__("Next review due {0}", [frappe.datetime.str_to_user(due)]),
				due < frappe.datetime.get_today() ? "red" : "blue"
			);
		}
		if (frm.doc.docstatus === 0 && !frm.is_new() && frm.perm[0] && frm.perm[0].write) {
			frm.add_custom_button(__("Refresh Facts"), () =>
				frappe
					.call({ method: `${MR_METHOD}.refresh_facts`, args: { review: frm.doc.name }, freeze: true })
					.then(() => frm.reload_doc())
			);
		}
		if (frm.doc.docstatus === 1 && frappe.model.can_create("Resource Allocation")) {
			(frm.doc.decisions || [])
				.filter((d) => d.decision_type === "Resource Need")
				.forEach((d) =>
					frm.add_custom_button(
						__("Resource Allocation for row {0}", [d.idx]),
						() =>
							frappe
								.call({
									method: `${MR_METHOD}.make_resource_allocation`,
									args: { review: frm.doc.name, decision: d.name },
								})
								.then((r) => {
									const doc = frappe.model.sync(r.message)[0];
									frappe.set_route("Form", doc.doctype, doc.name);
								}),
						__("Create")
					)
				);
		}
	},
});
