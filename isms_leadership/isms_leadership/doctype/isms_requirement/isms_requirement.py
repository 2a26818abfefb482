# Copyright (c) 2026, isms_leadership contributors
# License: MIT. See license.txt

"""A requirement of the catalogue Leadership Evidence judges (ISO/IEC 27001:2022, NIS2, DORA).

The app ships its rows as fixtures (``is_standard``), installed again on every migrate; a site
adds its own rows beside them and may change or delete only those."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.model.document import Document

from isms_leadership.core.frameworks import parse_evidence, unknown_evidence
from isms_leadership.exceptions import RequirementError


def installing() -> bool:
	"""The app's installer or migrate is writing the shipped catalogue (fixtures)."""
	flags = frappe.flags
	return bool(flags.in_import or flags.in_fixtures or flags.in_install or flags.in_migrate)


class ISMSRequirement(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		citation: DF.Data | None
		code: DF.Data
		evidence: DF.SmallText | None
		framework: DF.Literal["ISO/IEC 27001:2022", "NIS2", "DORA"]
		is_standard: DF.Check
		reference: DF.Data
		rule: DF.Literal[
			"top_policy",
			"policy_states_objectives",
			"policy_commits_to_requirements",
			"policy_commits_to_improvement",
			"ownership",
			"resources",
			"importance_communicated",
			"review_interval",
			"roles_filled",
			"improvement",
			"deputies",
			"communication",
			"interested_parties",
			"performance_reporting",
			"policies_reviewed",
			"segregation",
			"leadership_commitment",
			"objectives",
			"awareness",
			"communication_plan",
			"review_held",
			"review_outputs",
			"measure_policy",
			"measures_approved",
			"management_body_training",
			"ultimate_responsibility",
			"resilience_strategy",
			"audit_plan",
			"training_budget",
			"reporting_channels",
			"framework_review",
		]
		sort_order: DF.Int
		title: DF.Data

	# end: auto-generated types
	def validate(self):
		self.keep_shipped_rows()
		self.validate_evidence()

	def on_trash(self):
		if self.is_standard and not installing():
			frappe.throw(
				_("{0} is shipped with the app and cannot be deleted.").format(frappe.bold(self.name)),
				exc=RequirementError,
				title=_("Shipped Requirement"),
			)

	def keep_shipped_rows(self):
		"""Only the installer writes shipped rows; a row a user adds is the site's own."""
		if installing():
			return
		stored = None if self.is_new() else frappe.db.get_value(self.doctype, self.name, "is_standard")
		if stored:
			frappe.throw(
				_(
					"{0} is shipped with the app and changes only with it: add a requirement of your own instead."
				).format(frappe.bold(self.name)),
				exc=RequirementError,
				title=_("Shipped Requirement"),
			)
		self.is_standard = 0

	def validate_evidence(self):
		keys = parse_evidence(self.evidence)
		unknown = unknown_evidence(keys)
		if unknown:
			frappe.throw(
				_("Points At names records the app does not know: {0}.").format(", ".join(unknown)),
				exc=RequirementError,
				title=_("Unknown Records"),
			)
		self.evidence = "\n".join(keys)
