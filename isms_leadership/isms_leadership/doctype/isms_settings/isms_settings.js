// Copyright (c) 2026, isms_leadership contributors
// License: MIT. See license.txt

frappe.ui.form.on("ISMS Settings", {
	refresh(frm) {
		if (frappe.user.has_role("System Manager")) {
			frm.add_custom_button(__("Restore Default Workflows"), () => {
				frappe.confirm(
					__(
						"Replace the app's approval workflows with their defaults? Changes made to them on this site will be lost."
					),
					() =>
						frappe
							.call({
								method: "isms_leadership.workflows.restore_default_workflows",
								freeze: true,
							})
							.then((r) => {
								frappe.show_alert({
									message: __("Restored: {0}", [(r.message || []).join(", ") || __("none")]),
									indicator: "green",
								});
								frm.reload_doc();
							})
				);
			});
		}
	},
});
