# Copyright (c) 2026, isms_leadership contributors
# License: MIT. See license.txt

"""An auditor's evidence pack: one ZIP for a company and period with the policies in force,
the roles, the budget, the review minutes, the actions and the leadership evidence, and a
manifest of every file's SHA-256 and the record versions it was built from.

The ZIP is built by the background job ``isms_leadership.tasks.evidence_pack.build``; the
form's "Build Again" calls ``isms_evidence_pack.api.rebuild``."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate


class ISMSEvidencePack(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		built_on: DF.Datetime | None
		company: DF.Link
		error: DF.SmallText | None
		file_count: DF.Int
		from_date: DF.Date
		manifest: DF.Code | None
		pack_file: DF.Attach | None
		status: DF.Literal["Queued", "Building", "Ready", "Failed"]
		to_date: DF.Date

	# end: auto-generated types

	#: written by the build job only
	RESULT_FIELDS = ("status", "built_on", "file_count", "pack_file", "error", "manifest")
	#: what a pack is the evidence of
	SCOPE_FIELDS = ("company", "from_date", "to_date")

	def validate(self):
		self.keep_results()
		self.keep_scope()
		if self.from_date and self.to_date and getdate(self.from_date) > getdate(self.to_date):
			frappe.throw(_("The period ends before it starts."), title=_("Invalid Period"))

	def after_insert(self):
		# by dotted path, so that the controller does not import the job's module; the same
		# job, id and queue as isms_leadership.tasks.evidence_pack.enqueue_build
		frappe.enqueue(
			"isms_leadership.tasks.evidence_pack.build",
			queue="long",
			timeout=3600,
			job_id=f"isms-evidence-pack::{frappe.local.site}::{self.name}",
			deduplicate=True,
			enqueue_after_commit=True,
			now=frappe.flags.in_test,
			pack=self.name,
		)

	def keep_results(self):
		"""The results of a pack (status, file, manifest, counts) are written by the build job
		only, with ``db_set``: whatever a request sends for them is replaced by what is stored."""
		before = None if self.is_new() else self.get_doc_before_save()
		for fieldname in self.RESULT_FIELDS:
			self.set(fieldname, before.get(fieldname) if before else None)
		if not before:
			self.status = "Queued"

	def keep_scope(self):
		"""A pack is the evidence of one company and period: ask for a new pack for another."""
		before = None if self.is_new() else self.get_doc_before_save()
		if not before:
			return
		changed = [f for f in self.SCOPE_FIELDS if str(before.get(f) or "") != str(self.get(f) or "")]
		if changed:
			frappe.throw(
				_("An evidence pack keeps its {0}: request a new pack instead.").format(
					", ".join(_(self.meta.get_label(f)) for f in changed)
				),
				exc=frappe.ValidationError,
				title=_("Not Editable"),
			)
