"""The daily jobs of management reviews and their actions."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import getdate, today

from isms_leadership.core.policy import ReviewState, review_state
from isms_leadership.core.review import CLOSED
from isms_leadership.permissions import isms_managers
from isms_leadership.queries.reviews import company_next_review_due, isms_companies, last_completed
from isms_leadership.settings import get_settings
from isms_leadership.tasks.reminders import remind


def remind_reviews() -> list[str]:
	"""Daily: notify the ISMS Managers and the chair when a company's next review is due
	within the lead days or overdue; once per state and due date (once, for a company that
	never completed one). Returns the companies."""
	day, lead = getdate(today()), get_settings().reminder_lead_days
	managers = isms_managers()
	reminded = []
	for company in isms_companies():
		due = company_next_review_due(company, day)
		state = review_state(due, day, lead)
		if state is ReviewState.OK:
			continue
		planned = frappe.db.get_value(
			"Management Review", {"company": company, "docstatus": 0, "status": ["!=", "Cancelled"]}, "chair"
		)
		last = last_completed(company)
		chair = planned or (last.chair if last else None)
		chair_user = frappe.db.get_value("Employee", chair, "user_id") if chair else None
		if not last:
			subject = _("{0} has never completed a management review: one is due now.")
		elif state is ReviewState.OVERDUE:
			subject = _("The management review of {0} was due on {1} and is overdue.")
		else:
			subject = _("The management review of {0} is due on {1}.")
		if remind(
			"Company",
			company,
			marker=f"{state.value}:{due}" if last else "Never",
			message=subject.format(company, frappe.format(due, "Date")),
			company=company,
			notify=[*managers, chair_user],
		):
			reminded.append(company)
	return reminded


def update_overdue() -> int:
	"""Daily: flag open actions whose due date has passed. Idempotent. Returns how many."""
	filters = {
		"status": ["not in", [s.value for s in CLOSED]],
		"due_date": ["<", today()],
		"overdue": 0,
	}
	count = frappe.db.count("ISMS Action", filters)
	if count:
		frappe.db.set_value("ISMS Action", filters, "overdue", 1, update_modified=False)
	return count
