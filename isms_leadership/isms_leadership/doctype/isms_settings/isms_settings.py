# Copyright (c) 2026, isms_leadership contributors
# License: MIT. See license.txt

import frappe
from frappe import _
from frappe.model.document import Document

from isms_leadership.exceptions import InvalidSettingError

MONTH_FIELDS = ("policy_review_interval_months", "management_review_interval_months")
DAY_FIELDS = ("acknowledgement_due_days", "reminder_lead_days", "communication_due_days")


class ISMSSettings(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from isms_leadership.isms_leadership.doctype.isms_installed_workflow.isms_installed_workflow import (
			ISMSInstalledWorkflow,
		)

		acknowledgement_due_days: DF.Int
		acknowledgement_threshold: DF.Percent
		communication_due_days: DF.Int
		default_budget_action: DF.Literal["Stop", "Warn"]
		default_company: DF.Link | None
		default_cost_center: DF.Link | None
		installed_workflows: DF.Table[ISMSInstalledWorkflow]
		management_review_interval_months: DF.Int
		policy_review_interval_months: DF.Int
		reminder_lead_days: DF.Int

	# end: auto-generated types
	def validate(self):
		self.validate_intervals()

	def validate_intervals(self):
		for fieldname in MONTH_FIELDS:
			if (self.get(fieldname) or 0) < 1:
				frappe.throw(
					_("{0} must be at least one month.").format(
						frappe.bold(_(self.meta.get_label(fieldname)))
					),
					exc=InvalidSettingError,
					title=_("Invalid Interval"),
				)
		for fieldname in DAY_FIELDS:
			if (self.get(fieldname) or 0) < 0:
				frappe.throw(
					_("{0} cannot be negative.").format(frappe.bold(_(self.meta.get_label(fieldname)))),
					exc=InvalidSettingError,
					title=_("Invalid Setting"),
				)


def get_settings():
	"""ISMS Settings as a cached document (read-only use)."""
	return frappe.get_cached_doc("ISMS Settings")
