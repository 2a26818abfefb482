"""The blocks of the ISMS Leadership workspace that Frappe does not sync from module files.

A Custom HTML Block is a record, not a module file: the app writes its own on install and
after every migrate when absent (a block a site changed keeps its changes). Each block is a
folder here with its ``block.html``, ``block.css`` and ``block.js``."""

from __future__ import annotations

from pathlib import Path

import frappe

HERE = Path(__file__).parent
#: block name -> (folder, roles that see it)
BLOCKS = {
	"ISMS Decisions Waiting": ("isms_decisions_waiting", ("ISMS Top Management", "System Manager")),
}


def ensure_blocks() -> None:
	"""Write the app's Custom HTML Blocks that are absent (installer and after migrate)."""
	for name, (folder, roles) in BLOCKS.items():
		if frappe.db.exists("Custom HTML Block", name):
			continue
		files = HERE / folder
		doc = frappe.new_doc("Custom HTML Block")
		doc.name = name
		doc.html = (files / "block.html").read_text()
		doc.style = (files / "block.css").read_text()
		doc.script = (files / "block.js").read_text()
		doc.private = 0
		for role in roles:
			doc.append("roles", {"role": role})
		# the app's own workspace block, written by the installer (Administrator)
		doc.insert(ignore_permissions=True)
