// Copyright (c) 2026, isms_leadership contributors
// License: MIT. See license.txt

const SP_METHOD = "isms_leadership.isms_leadership.doctype.security_policy.api";

frappe.ui.form.on("Security Policy", {
	setup(frm) {
		frm.set_query("parent_policy", () => ({
			filters: {
				company: frm.doc.company,
				policy_type: "Information Security Policy",
				status: "Published",
			},
		}));
		frm.set_query("policy_owner", () => ({
			filters: { status: "Active", company: frm.doc.company },
		}));
		// the NIS2 Article 21(2) measures and DORA obligations a policy answers
		frm.set_query("framework_measures", () => ({ filters: { rule: "measure_policy" } }));
	},

	refresh(frm) {
		frm.trigger("show_acknowledgements");
		if (frm.doc.previous_version) {
			frm.add_custom_button(__("Compare with Previous Version"), () => frm.trigger("compare"));
		}
		if (frm.doc.docstatus !== 1 || frm.doc.status !== "Published") return;
		if (frm.doc.__onload && frm.doc.__onload.can_review) {
			frm.add_custom_button(__("Record Review"), () => frm.trigger("record_review"));
		}
		if (frappe.model.can_create("Security Policy")) {
			frm.add_custom_button(__("New Version"), () =>
				frappe
					.call({ method: `${SP_METHOD}.new_version`, args: { policy: frm.doc.name }, freeze: true })
					.then((r) => frappe.set_route("Form", "Security Policy", r.message))
			);
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

	show_acknowledgements(frm) {
		const counts = frm.doc.__onload && frm.doc.__onload.acknowledgements;
		if (!counts || !counts.total) return;
		const done = counts.Acknowledged || 0;
		frm.dashboard.add_indicator(
			__("Acknowledged {0} of {1}", [done, counts.total]),
			done === counts.total ? "green" : "orange"
		);
		if (counts.Overdue) {
			frm.dashboard.add_indicator(__("Overdue {0}", [counts.Overdue]), "red");
		}
	},

	record_review(frm) {
		const dialog = new frappe.ui.Dialog({
			title: __("Record Review of {0}", [frm.doc.title]),
			fields: [
				{
					fieldname: "reviewed_on",
					fieldtype: "Date",
					label: __("Reviewed On"),
					default: frappe.datetime.get_today(),
					reqd: 1,
				},
				{
					fieldname: "outcome",
					fieldtype: "Select",
					label: __("Outcome"),
					options: ["No Change Needed", "Change Needed"],
					default: "No Change Needed",
					reqd: 1,
				},
				{ fieldname: "note", fieldtype: "Small Text", label: __("Note") },
			],
			primary_action_label: __("Record"),
			primary_action(values) {
				frappe
					.call({
						method: `${SP_METHOD}.record_review`,
						args: { policy: frm.doc.name, ...values },
						freeze: true,
					})
					.then((r) => {
						dialog.hide();
						if (r.message.new_version) {
							frappe.set_route("Form", "Security Policy", r.message.new_version);
						} else {
							frm.reload_doc();
						}
					});
			},
		});
		dialog.show();
	},

	compare(frm) {
		frappe
			.call({ method: `${SP_METHOD}.compare_with_previous`, args: { policy: frm.doc.name } })
			.then((r) => {
				const diff = r.message;
				const esc = frappe.utils.escape_html;
				const fields = diff.fields.length
					? diff.fields
							.map(
								(f) =>
									`<tr><td>${esc(f.label)}</td><td>${esc(String(f.old ?? ""))}</td><td>${esc(
										String(f.new ?? "")
									)}</td></tr>`
							)
							.join("")
					: `<tr><td colspan="3" class="text-muted">${__("No field changed")}</td></tr>`;
				const marks = { "+": "isms-diff-added", "-": "isms-diff-removed", "=": "" };
				const content = diff.content
					.map((l) => `<div class="${marks[l.kind]}">${esc(l.kind)} ${esc(l.line)}</div>`)
					.join("");
				frappe.msgprint({
					title: __("Changes since {0}", [diff.previous_version]),
					wide: true,
					message: `
						<style>.isms-diff-added{background:var(--green-highlight-color)}
						.isms-diff-removed{background:var(--red-highlight-color);text-decoration:line-through}</style>
						<table class="table table-bordered"><thead><tr>
						<th>${__("Field")}</th><th>${__("Before")}</th><th>${__("Now")}</th></tr></thead>
						<tbody>${fields}</tbody></table>
						<h5>${__("Content")}</h5><div class="small">${content}</div>`,
				});
			});
	},
});
