"""Policies and their acknowledgements as stored: the register's rows, the counts by state,
a campaign's audience, an employee's open acknowledgements.

A fixed number of queries whatever the number of acknowledgements (stated per function)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

import frappe
from frappe.query_builder import Criterion
from frappe.query_builder.functions import Count
from frappe.utils import getdate, today

from isms_leadership.core.policy import (
	ASKED,
	AckStatus,
	PolicyStatus,
	PreviousAcknowledgement,
	ReviewState,
	asked_and_acknowledged,
	current_versions,
	rate,
	review_state,
)
from isms_leadership.queries.appointments import held_on
from isms_leadership.settings import get_settings

#: the index (added by the doctype's on_doctype_update) those asked without a user are read from
ASKED_WITHOUT_USER_INDEX = "security_policy_user_status_index"

#: the column of Policy Acknowledgement Count that keeps each state
COUNT_COLUMNS = {
	AckStatus.PENDING.value: "pending",
	AckStatus.ACKNOWLEDGED.value: "acknowledged",
	AckStatus.OVERDUE.value: "overdue",
	AckStatus.NOT_REQUIRED.value: "not_required",
}


def policy_acknowledgement_counts(policy: str) -> dict[str, int]:
	"""Acknowledgements of one policy by status, with ``total`` asked (one query)."""
	counts = {status.value: 0 for status in AckStatus}
	counts.update(acknowledgement_counts([policy]).get(policy, {}))
	# those who left before acknowledging are no longer asked
	counts["total"] = asked_and_acknowledged(counts)[0]
	return counts


def audience_members(policy) -> list:
	"""Active employees of the policy's company who belong to its audience (all of them
	when it names none): name, user_id, employee_name (one query)."""
	emp = frappe.qb.DocType("Employee")
	query = (
		frappe.qb.from_(emp)
		.select(emp.name, emp.user_id, emp.employee_name)
		.where(emp.company == policy.company)
		.where(emp.status == "Active")
		.orderby(emp.name)
	)
	by_type = {}
	for row in policy.get("audience") or []:
		by_type.setdefault(row.audience_type, []).append(row.audience)
	conditions = []
	if by_type.get("Department"):
		conditions.append(emp.department.isin(by_type["Department"]))
	if by_type.get("Designation"):
		conditions.append(emp.designation.isin(by_type["Designation"]))
	if by_type.get("ISMS Role"):
		ra = frappe.qb.DocType("Role Assignment")
		holders = (
			frappe.qb.from_(ra)
			.select(ra.employee)
			.where(ra.company == policy.company)
			.where(ra.isms_role.isin(by_type["ISMS Role"]))
			.where(held_on(ra))
		)
		conditions.append(emp.name.isin(holders))
	if conditions:
		query = query.where(Criterion.any(conditions))
	return query.run(as_dict=True)


def previous_acknowledgements(policy: str) -> dict[str, PreviousAcknowledgement]:
	"""The acknowledgements of the version before, per employee, to carry over (one query)."""
	return {
		row.employee: PreviousAcknowledgement(
			row.name, row.acknowledged_on, getdate(row.due_date) if row.due_date else None
		)
		for row in frappe.get_all(
			"Policy Acknowledgement",
			filters={"security_policy": policy},
			fields=["name", "employee", "acknowledged_on", "due_date"],
		)
	}


def open_acknowledgements_of(user: str) -> list:
	"""The acknowledgements of ``user`` for policies in force, open ones first (one query)."""
	ack = frappe.qb.DocType("Policy Acknowledgement")
	pol = frappe.qb.DocType("Security Policy")
	return (
		frappe.qb.from_(ack)
		.join(pol)
		.on(pol.name == ack.security_policy)
		.select(
			ack.name,
			ack.security_policy,
			pol.title,
			pol.version,
			pol.policy_type,
			pol.effective_from,
			ack.status,
			ack.due_date,
			ack.acknowledged_on,
		)
		.where(ack.user == user)
		.where(pol.status == PolicyStatus.PUBLISHED.value)
		.orderby(ack.acknowledged_on)
		.orderby(ack.due_date)
		.orderby(pol.title)
	).run(as_dict=True)


REGISTER_FIELDS = (
	"name",
	"title",
	"policy_type",
	"company",
	"policy_family",
	"version",
	"status",
	"policy_owner",
	"policy_owner_name",
	"approved_by",
	"approved_on",
	"effective_from",
	"next_review_due",
	"requires_acknowledgement",
)


def register_rows(filters) -> list[dict]:
	"""The version in force of each policy with its review state and acknowledgement figures
	(three queries: the versions, the counts by state, those asked without a user)."""
	query_filters = {}
	for field in ("company", "policy_type", "status"):
		if filters.get(field):
			query_filters[field] = filters[field]
	versions = frappe.get_list(
		"Security Policy",
		filters=query_filters,
		fields=list(REGISTER_FIELDS),
		order_by="title asc, version asc",
	)
	current = current_versions(versions)
	counts = acknowledgement_counts([r["name"] for r in current])
	without_user = asked_without_user([r["name"] for r in current])
	day, lead = getdate(today()), get_settings().reminder_lead_days
	rows = []
	for row in current:
		by_status = counts.get(row["name"], {})
		asked, done = asked_and_acknowledged(by_status)
		state = (
			review_state(getdate(row["next_review_due"]) if row["next_review_due"] else None, day, lead)
			if row["status"] == "Published"
			else None
		)
		rows.append(
			{
				**row,
				"review_state": state.value if state else None,
				"review_overdue": int(state is ReviewState.OVERDUE),
				"asked": asked,
				"acknowledged": done,
				"overdue_acknowledgements": by_status.get(AckStatus.OVERDUE.value, 0),
				"asked_without_user": without_user.get(row["name"], 0),
				"acknowledgement_rate": rate(done, asked),
			}
		)
	return rows


def acknowledgement_counts(policies: list[str]) -> dict[str, dict[str, int]]:
	"""Acknowledgements of each policy by status, as kept (``ack_counts``): one query,
	one row per policy, whatever the number of acknowledgements."""
	return kept_counts(policies)


def asked_without_user(policies: list[str]) -> dict[str, int]:
	"""People still asked who have no user to acknowledge with, per policy (one query, read
	from the (security_policy, user, status) index: a few entries per policy, not all its
	acknowledgements; forced, as the optimizer's estimate for the IN list misleads it)."""
	if not policies:
		return {}
	ack = frappe.qb.DocType("Policy Acknowledgement")
	return dict(
		frappe.qb.from_(ack)
		.force_index(ASKED_WITHOUT_USER_INDEX)
		.select(ack.security_policy, Count("*"))
		.where(ack.security_policy.isin(policies))
		.where(ack.user.isnull() | (ack.user == ""))
		.where(ack.status.isin([s.value for s in ASKED]))
		.groupby(ack.security_policy)
		.run()
	)


def status_moves(names: Iterable[str], to_status: str) -> dict[str, Counter]:
	"""The changes of the counts when the acknowledgements ``names`` all take ``to_status``,
	read before the update (one query)."""
	names = list(names)
	if not names:
		return {}
	ack = frappe.qb.DocType("Policy Acknowledgement")
	changes: dict[str, Counter] = {}
	for policy, status, n in (
		frappe.qb.from_(ack)
		.select(ack.security_policy, ack.status, Count("*"))
		.where(ack.name.isin(names))
		.where(ack.status != to_status)
		.groupby(ack.security_policy, ack.status)
		# the rows stay as read until the caller's update commits
		.for_update()
	).run():
		change = changes.setdefault(policy, Counter())
		change[status] -= n
		change[to_status] += n
	return changes


def recount_acknowledgements(policies: Iterable[str] | None = None) -> dict[str, dict[str, int]]:
	"""Acknowledgements by policy and state, counted from the rows (one query over the
	(security_policy, status) index; every policy when ``policies`` is None)."""
	ack = frappe.qb.DocType("Policy Acknowledgement")
	query = (
		frappe.qb.from_(ack)
		.select(ack.security_policy, ack.status, Count("*"))
		.groupby(ack.security_policy, ack.status)
	)
	if policies is not None:
		policies = list(policies)
		if not policies:
			return {}
		query = query.where(ack.security_policy.isin(policies))
	counts: dict[str, dict[str, int]] = {}
	for policy, status, n in query.run():
		counts.setdefault(policy, {})[status] = n
	return counts


def kept_counts(policies: Iterable[str] | None = None) -> dict[str, dict[str, int]]:
	"""The kept counts by policy and state (one query)."""
	table = frappe.qb.DocType("Policy Acknowledgement Count")
	query = frappe.qb.from_(table).select(table.security_policy, *(table[c] for c in COUNT_COLUMNS.values()))
	if policies is not None:
		policies = list(policies)
		if not policies:
			return {}
		query = query.where(table.security_policy.isin(policies))
	return {
		row[0]: {status: int(value or 0) for status, value in zip(COUNT_COLUMNS, row[1:], strict=True)}
		for row in query.run()
	}
