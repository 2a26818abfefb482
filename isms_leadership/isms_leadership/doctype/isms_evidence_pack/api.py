# Copyright (c) 2026, isms_leadership contributors
# License: MIT. See license.txt

"""What the ISMS Evidence Pack form calls on the server."""

from __future__ import annotations

import frappe

from isms_leadership.tasks.evidence_pack import enqueue_build


@frappe.whitelist(methods=["POST"])
def rebuild(pack: str) -> None:
	"""Build the pack again from the records as they are now."""
	frappe.has_permission("ISMS Evidence Pack", "write", doc=pack, throw=True)
	frappe.get_doc("ISMS Evidence Pack", pack).db_set("status", "Queued")
	enqueue_build(pack)
