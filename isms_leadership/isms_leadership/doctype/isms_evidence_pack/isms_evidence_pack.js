// Copyright (c) 2026, isms_leadership contributors
// License: MIT. See license.txt

frappe.ui.form.on("ISMS Evidence Pack", {
	refresh(frm) {
		if (frm.doc.pack_file) {
			frm.add_custom_button(__("Download"), () => window.open(frm.doc.pack_file)).addClass("btn-primary");
		}
		if (!frm.is_new() && ["Ready", "Failed"].includes(frm.doc.status)) {
			frm.add_custom_button(__("Build Again"), () =>
				frappe
					.call({
						method: "isms_leadership.isms_leadership.doctype.isms_evidence_pack.api.rebuild",
						args: { pack: frm.doc.name },
					})
					.then(() => frm.reload_doc())
			);
		}
	},
});
