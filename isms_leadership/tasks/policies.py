"""The daily jobs of policies: review reminders, overdue and closed acknowledgements."""

from __future__ import annotations

from pypika.terms import ExistsCriterion

import frappe
from frappe import _
from frappe.utils import add_days, getdate, today

from isms_leadership import ack_counts
from isms_leadership.core.policy import AckStatus, PolicyStatus, ReviewState, review_state
from isms_leadership.permissions import isms_managers
from isms_leadership.queries.policies import status_moves
from isms_leadership.settings import get_settings
from isms_leadership.tasks.reminders import REMINDER, remind


def remind_reviews() -> list[str]:
	"""Daily: for each policy in force whose review falls due within the lead days or is
	overdue, a ToDo to its owner (the ISMS Managers when it has none) and a notification to
	the ISMS Managers, once per state and due date. Returns the policies reminded.

	This is the one reminder of a policy review (no standard Notification repeats it)."""
	day = getdate(today())
	lead = get_settings().reminder_lead_days
	managers = isms_managers()
	reminded = []
	for row in frappe.get_all(
		"Security Policy",
		filters={
			"docstatus": 1,
			"status": PolicyStatus.PUBLISHED.value,
			"next_review_due": ["<=", add_days(day, lead)],
		},
		fields=["name", "title", "version", "company", "policy_owner", "next_review_due"],
	):
		state = review_state(getdate(row.next_review_due), day, lead)
		if state is ReviewState.OK:
			continue
		if state is ReviewState.OVERDUE:
			message = _("The review of policy {0} (version {1}) was due on {2} and is overdue.")
		else:
			message = _("The review of policy {0} (version {1}) is due on {2}.")
		message = message.format(row.title, row.version, frappe.format(row.next_review_due, "Date"))
		owner = frappe.db.get_value("Employee", row.policy_owner, "user_id")
		if remind(
			"Security Policy",
			row.name,
			marker=f"{state.value}:{row.next_review_due}",
			message=message,
			company=row.company,
			assign_to=[owner] if owner else managers,
			notify=managers,
			date=row.next_review_due,
			priority="High" if state is ReviewState.OVERDUE else "Medium",
		):
			reminded.append(row.name)
	return reminded


def mark_overdue() -> int:
	"""Daily: open acknowledgements past their due date become Overdue, a batch of
	``ack_counts.SWEEP_BATCH`` at a time (four queries a batch). Returns how many."""
	ack = frappe.qb.DocType("Policy Acknowledgement")
	changed = 0
	while names := (
		frappe.qb.from_(ack)
		.select(ack.name)
		.where(ack.status == AckStatus.PENDING.value)
		.where(ack.acknowledged_on.isnull())
		.where(ack.due_date < today())
		.limit(ack_counts.SWEEP_BATCH)
	).run(pluck=True):
		changes = status_moves(names, AckStatus.OVERDUE.value)
		frappe.qb.update(ack).set(ack.status, AckStatus.OVERDUE.value).where(ack.name.isin(names)).run()
		ack_counts.move(changes)
		changed += len(names)
	return changed


def reconcile_acknowledgement_counts() -> list[str]:
	"""Daily: recount the acknowledgements of every policy and repair the kept counts that
	drifted (said in the Error Log). Returns the policies repaired."""
	return ack_counts.reconcile()


def remind_overdue() -> int:
	"""Daily: a ToDo for each overdue acknowledgement of a policy in force, to the user of an
	employee still active, once. Returns how many were reminded."""
	mark_overdue()
	ack = frappe.qb.DocType("Policy Acknowledgement")
	pol = frappe.qb.DocType("Security Policy")
	emp = frappe.qb.DocType("Employee")
	reminder = frappe.qb.DocType(REMINDER)
	reminded_before = (
		frappe.qb.from_(reminder)
		.select(reminder.name)
		.where(reminder.reference_doctype == "Policy Acknowledgement")
		.where(reminder.reference_name == ack.name)
		.where(reminder.marker == AckStatus.OVERDUE.value)
	)
	rows = (
		frappe.qb.from_(ack)
		.join(pol)
		.on(pol.name == ack.security_policy)
		.join(emp)
		.on(emp.name == ack.employee)
		.select(ack.name, ack.user, ack.company, ack.policy_title, ack.due_date)
		.where(ack.status == AckStatus.OVERDUE.value)
		.where(emp.status == "Active")
		.where(ack.user.isnotnull() & (ack.user != ""))
		.where(pol.status == PolicyStatus.PUBLISHED.value)
		.where(ExistsCriterion(reminded_before).negate())
	).run(as_dict=True)
	return sum(
		remind(
			"Policy Acknowledgement",
			row.name,
			marker=AckStatus.OVERDUE.value,
			message=_("Please read and acknowledge {0}; it was due on {1}.").format(
				row.policy_title, frappe.format(row.due_date, "Date")
			),
			company=row.company,
			assign_to=[row.user],
			date=add_days(today(), 7),
		)
		for row in rows
	)
