// Copyright (c) 2026, isms_leadership contributors
// License: MIT. See license.txt

frappe.ui.form.on("Resource Allocation", {
	setup(frm) {
		frm.set_query("cost_center", () => ({ filters: { company: frm.doc.company, disabled: 0 } }));
		frm.set_query("account", "lines", () => ({
			filters: { company: frm.doc.company, is_group: 0, disabled: 0, report_type: "Profit and Loss" },
		}));
		frm.set_query("employee", "people", () => ({
			filters: { company: frm.doc.company, status: "Active" },
		}));
	},

	refresh(frm) {
		frm.trigger("show_budget_figures");
	},

	before_workflow_action(frm) {
		if (frm.selected_workflow_action !== "Reject") return;
		frappe.dom.unfreeze();
		return new Promise((resolve) => {
			frappe.prompt(
				{ fieldname: "reason", fieldtype: "Small Text", label: __("Rejection Reason"), reqd: 1 },
				(values) => {
					// the workflow action reads the record from the database: save the reason first
					frappe.dom.freeze();
					frappe
						.xcall("frappe.client.set_value", {
							doctype: frm.doctype,
							name: frm.doc.name,
							fieldname: "rejection_reason",
							value: values.reason,
						})
						.then(resolve)
						.catch(() => frappe.dom.unfreeze());
				},
				__("Reject"),
				__("Reject")
			);
		});
	},

	show_budget_figures(frm) {
		// the General Ledger is aggregated after the form is open, never while it loads
		if (frm.is_new()) return;
		frappe
			.xcall("isms_leadership.isms_leadership.doctype.resource_allocation.api.budget_figures", {
				allocation: frm.doc.name,
			})
			.then((figures) => {
				// the user may have moved on to another record meanwhile
				if (figures.name === frm.doc.name) render_budget_figures(frm, figures);
			});
	},
});

function render_budget_figures(frm, figures) {
	if (!figures.accounts.length) return;
	const money = (value) =>
		value === null || value === undefined ? "–" : format_currency(value, frm.doc.currency);
	const esc = frappe.utils.escape_html;
	const rows = figures.accounts
		.map(
			(r) => `<tr><td>${esc(r.account)}</td><td class="text-right">${money(r.allocated)}</td>
			<td class="text-right">${money(r.approved)}</td><td class="text-right">${money(r.budget)}</td>
			<td class="text-right">${money(r.actual)}</td><td class="text-right">${money(r.remaining)}</td></tr>`
		)
		.join("");
	let html = `<table class="table table-bordered table-sm"><thead><tr>
		<th>${__("Account")}</th><th class="text-right">${__("This Allocation")}</th>
		<th class="text-right">${__("All Approved")}</th><th class="text-right">${__("ERPNext Budget")}</th>
		<th class="text-right">${__("Actual")}</th><th class="text-right">${__("Remaining")}</th>
		</tr></thead><tbody>${rows}</tbody></table>`;
	if (figures.drift.length) {
		const drift = figures.drift
			.map((d) => `${esc(d.account)}: ${__("approved")} ${money(d.approved)}, ${__("Budget")} ${money(d.budget)}`)
			.join("<br>");
		html += `<div class="alert alert-warning">${__(
			"The ERPNext Budget does not hold what the approved allocations add up to:"
		)}<br>${drift}</div>`;
		frm.dashboard.set_headline_alert(__("The ERPNext Budget differs from the approved allocations."), "orange");
	}
	frm.dashboard.add_section(html, __("Budget and Actuals"));
	frm.dashboard.show();
}
