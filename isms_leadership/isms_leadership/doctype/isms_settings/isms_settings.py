# Copyright (c) 2026, isms_leadership contributors
# License: MIT. See license.txt

import frappe
from frappe import _
from frappe.model.document import Document

from isms_leadership.core.roles import NEVER_GRANTABLE_DESK_ROLES, parse_role_list
from isms_leadership.exceptions import InvalidSettingError, PrivilegedDeskRoleError

MONTH_FIELDS = ("policy_review_interval_months", "management_review_interval_months")
DAY_FIELDS = ("acknowledgement_due_days", "reminder_lead_days", "communication_due_days")


class ISMSSettings(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from isms_leadership.isms_leadership.doctype.isms_company_framework.isms_company_framework import (
			ISMSCompanyFramework,
		)
		from isms_leadership.isms_leadership.doctype.isms_installed_workflow.isms_installed_workflow import (
			ISMSInstalledWorkflow,
		)

		acknowledgement_due_days: DF.Int
		additional_desk_roles: DF.SmallText | None
		acknowledgement_threshold: DF.Percent
		communication_due_days: DF.Int
		company_frameworks: DF.Table[ISMSCompanyFramework]
		default_budget_action: DF.Literal["Stop", "Warn"]
		default_company: DF.Link | None
		default_cost_center: DF.Link | None
		installed_workflows: DF.Table[ISMSInstalledWorkflow]
		management_review_interval_months: DF.Int
		max_policy_content_kb: DF.Int
		policy_review_interval_months: DF.Int
		reminder_lead_days: DF.Int

	# end: auto-generated types
	def validate(self):
		self.validate_intervals()
		self.validate_additional_desk_roles()
		self.validate_company_frameworks()

	def validate_company_frameworks(self):
		"""A framework is switched on once per company."""
		seen = set()
		for row in self.company_frameworks:
			key = (row.company, row.framework)
			if key in seen:
				frappe.throw(
					_("Row {0}: {1} is already switched on for {2}.").format(
						row.idx, frappe.bold(row.framework), frappe.bold(row.company)
					),
					exc=InvalidSettingError,
					title=_("Framework Listed Twice"),
				)
			seen.add(key)

	def validate_additional_desk_roles(self):
		refused = [
			role for role in parse_role_list(self.additional_desk_roles) if role in NEVER_GRANTABLE_DESK_ROLES
		]
		if refused:
			frappe.throw(
				_("An appointment can never grant {0}: remove it from the additional desk roles.").format(
					", ".join(frappe.bold(role) for role in refused)
				),
				exc=PrivilegedDeskRoleError,
				title=_("Desk Role Not Allowed"),
			)
		unknown = [
			role for role in parse_role_list(self.additional_desk_roles) if not frappe.db.exists("Role", role)
		]
		if unknown:
			frappe.throw(
				_("No such role: {0}.").format(", ".join(frappe.bold(role) for role in unknown)),
				exc=InvalidSettingError,
				title=_("Unknown Role"),
			)

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
