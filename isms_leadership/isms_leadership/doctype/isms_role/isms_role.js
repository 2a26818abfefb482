// Copyright (c) 2026, isms_leadership contributors
// License: MIT. See license.txt

frappe.ui.form.on("ISMS Role", {
	setup(frm) {
		frm.set_query("conflicting_roles", () => ({
			filters: { name: ["!=", frm.doc.name] },
		}));
		frm.set_query("desk_role", () => ({
			filters: {
				desk_access: 1,
				disabled: 0,
				name: ["not in", ["Administrator", "System Manager", "Guest", "All", "Desk User"]],
			},
		}));
	},
});
