"""ISMS Settings, typed: the one reader of the app's settings.

Read through Frappe's document cache (cleared when the settings are saved or set, also on
rollback); a value left empty falls back to the default declared in the doctype, so the
defaults live in one place.
"""

from __future__ import annotations

from dataclasses import dataclass

import frappe
from frappe.utils import cint, flt

from isms_leadership.core.frameworks import frameworks_for
from isms_leadership.core.roles import parse_role_list

DOCTYPE = "ISMS Settings"


@dataclass(frozen=True)
class Settings:
	default_company: str | None
	default_cost_center: str | None
	default_budget_action: str
	#: months between reviews of a policy, and between management reviews (at least 1)
	policy_review_interval_months: int
	management_review_interval_months: int
	#: days an employee has to acknowledge a policy
	acknowledgement_due_days: int
	#: the acknowledgement rate (percent) a policy in force should reach
	acknowledgement_threshold: float
	#: days before a due date that reminders start
	reminder_lead_days: int
	#: days after its planned date that a communication counts as overdue
	communication_due_days: int
	max_policy_content_kb: int
	#: desk roles an ISMS role may grant beyond the app's own (System Manager decides)
	additional_desk_roles: tuple[str, ...]
	#: (company, framework) switched on for Leadership Evidence
	company_frameworks: tuple[tuple[str, str], ...] = ()

	def frameworks_of(self, company: str) -> tuple[str, ...]:
		"""The frameworks ``company`` is judged by (ISO/IEC 27001:2022 when none is switched on)."""
		return frameworks_for(company, self.company_frameworks)


#: fields that must be at least 1; an empty or zero value takes the doctype's default
_AT_LEAST_ONE = frozenset(
	{"policy_review_interval_months", "management_review_interval_months", "max_policy_content_kb"}
)


def get_settings() -> Settings:
	"""The ISMS Settings of the site (one cached read)."""
	doc = frappe.get_cached_doc(DOCTYPE)
	meta = frappe.get_meta(DOCTYPE)

	def value(fieldname: str):
		stored = doc.get(fieldname)
		if stored in (None, "") or (fieldname in _AT_LEAST_ONE and not stored):
			return meta.get_field(fieldname).default
		return stored

	return Settings(
		default_company=value("default_company") or None,
		default_cost_center=value("default_cost_center") or None,
		default_budget_action=value("default_budget_action") or "Stop",
		policy_review_interval_months=cint(value("policy_review_interval_months")),
		management_review_interval_months=cint(value("management_review_interval_months")),
		acknowledgement_due_days=cint(value("acknowledgement_due_days")),
		acknowledgement_threshold=flt(value("acknowledgement_threshold")),
		reminder_lead_days=cint(value("reminder_lead_days")),
		communication_due_days=cint(value("communication_due_days")),
		max_policy_content_kb=cint(value("max_policy_content_kb")),
		additional_desk_roles=parse_role_list(doc.get("additional_desk_roles")),
		company_frameworks=tuple((row.company, row.framework) for row in doc.get("company_frameworks") or []),
	)
