"""The approval rule (isms_leadership.core.approval) applied to documents in the database."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.query_builder import Criterion
from frappe.utils import getdate, today

from isms_leadership.core.approval import ApprovalContext, ApprovalDecision, check_approval
from isms_leadership.exceptions import ApprovalRefusedError


def held_by_user(user: str, on_date=None):
	"""Query over the assignments ``user`` holds on ``on_date``, joined to their ISMS Role.

	Returns (query, assignment table, role table); callers choose what to select.
	"""
	ra = frappe.qb.DocType("Role Assignment")
	emp = frappe.qb.DocType("Employee")
	role = frappe.qb.DocType("ISMS Role")
	query = (
		frappe.qb.from_(ra)
		.join(emp)
		.on(emp.name == ra.employee)
		.join(role)
		.on(role.name == ra.isms_role)
		.where(emp.user_id == user)
		.where(held_on(ra, on_date))
	)
	return query, ra, role


def top_management_companies(user: str, on_date=None) -> set[str]:
	"""Companies in which ``user`` holds an active top-management ISMS role on ``on_date``."""
	query, ra, role = held_by_user(user, on_date)
	return set(query.select(ra.company).distinct().where(role.is_top_management == 1).run(pluck=True))


def company_has_top_management(company: str, on_date=None) -> bool:
	ra = frappe.qb.DocType("Role Assignment")
	role = frappe.qb.DocType("ISMS Role")
	return bool(
		frappe.qb.from_(ra)
		.join(role)
		.on(role.name == ra.isms_role)
		.select(ra.name)
		.where(ra.company == company)
		.where(role.is_top_management == 1)
		.where(held_on(ra, on_date))
		.limit(1)
		.run()
	)


def held_on(ra, on_date=None) -> Criterion:
	"""Criterion: the Role Assignment ``ra`` is approved, not vacated and covers ``on_date``."""
	day = getdate(on_date or today())
	return Criterion.all(
		[
			ra.docstatus == 1,
			ra.status != "Vacated",
			ra.from_date <= day,
			ra.to_date.isnull() | (ra.to_date >= day),
		]
	)


def check(
	doc,
	*,
	company: str,
	requesters=(),
	reviewers=(),
	subjects=(),
	bootstrap_possible: bool = False,
	user: str | None = None,
) -> ApprovalDecision:
	user = user or frappe.session.user
	return check_approval(
		ApprovalContext(
			approver=user,
			company=company,
			top_management_companies=top_management_companies(user),
			author=doc.owner,
			requesters=requesters,
			reviewers=reviewers,
			subjects=subjects,
			approver_roles=frappe.get_roles(user),
			bootstrap_possible=bootstrap_possible,
		)
	)


def enforce(doc, **kwargs) -> ApprovalDecision:
	"""Raise ApprovalRefusedError with the rule's reason unless the session user may approve."""
	decision = check(doc, **kwargs)
	if not decision.allowed:
		frappe.throw(decision.message(_), exc=ApprovalRefusedError, title=_("Approval Refused"))
	return decision
