"""The calendar of management reviews: the last one completed and when the next is due."""

from __future__ import annotations

import frappe
from frappe.utils import getdate, today

from isms_leadership.core.review import next_review_due
from isms_leadership.settings import get_settings


def last_completed(company: str):
	"""The company's last signed-off management review (one query)."""
	return frappe.db.get_value(
		"Management Review",
		{"company": company, "docstatus": 1},
		["name", "review_date", "chair"],
		order_by="review_date desc",
		as_dict=True,
	)


def company_next_review_due(company: str, day=None):
	"""When the company's next review is due: an interval after the last completed one, or
	today when none was ever completed (a gap) (one query)."""
	last = last_completed(company)
	if not last:
		return getdate(day or today())
	return next_review_due(getdate(last.review_date), get_settings().management_review_interval_months)


def isms_companies() -> list[str]:
	"""Companies the ISMS covers: those with ISMS role assignments or reviews (two queries)."""
	companies = set(
		frappe.get_all("Role Assignment", filters={"docstatus": 1}, pluck="company", distinct=True)
	)
	companies |= set(frappe.get_all("Management Review", pluck="company", distinct=True))
	return sorted(companies)
