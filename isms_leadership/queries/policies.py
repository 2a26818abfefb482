"""Policies and their acknowledgements as stored: the register's rows, the counts by state,
a campaign's audience, an employee's open acknowledgements.

A fixed number of queries whatever the number of acknowledgements (stated per function)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

import frappe
from frappe.query_builder import Criterion
from frappe.query_builder.functions import Count, IfNull
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
	still_asked,
	without_user_change,
)
from isms_leadership.queries.appointments import held_on
from isms_leadership.settings import get_settings

#: the index (added by the doctype's on_doctype_update) the recount reads from alone
RECOUNT_INDEX = "security_policy_user_status_index"

#: the count of those still asked (Pending or Overdue) who have no user to acknowledge with:
#: kept beside the counts by state, under this key
WITHOUT_USER = "asked_without_user"

#: the column of Policy Acknowledgement Count that keeps each state, and those without a user
COUNT_COLUMNS = {
	AckStatus.PENDING.value: "pending",
	AckStatus.ACKNOWLEDGED.value: "acknowledged",
	AckStatus.OVERDUE.value: "overdue",
	AckStatus.NOT_REQUIRED.value: "not_required",
	WITHOUT_USER: "asked_without_user",
}


def policy_acknowledgement_counts(policy: str) -> dict[str, int]:
	"""Acknowledgements of one policy by status, with ``total`` asked (one query)."""
	counts = {status.value: 0 for status in AckStatus}
	counts.update(acknowledgement_counts([policy]).get(policy, {}))
	# those who left before acknowledging are no longer asked
	counts["total"] = asked_and_acknowledged(counts)[0]
	return counts


def audience_members(policy, after: str | None = None, limit: int | None = None) -> list:
	"""Active employees of the policy's company who belong to its audience (all of them
	when it names none): name, user_id, employee_name, in the order of their names; a page of
	``limit`` of them after the employee ``after`` when given (one query)."""
	emp = frappe.qb.DocType("Employee")
	query = audience_query(policy, emp).select(emp.name, emp.user_id, emp.employee_name).orderby(emp.name)
	if after:
		query = query.where(emp.name > after)
	if limit:
		query = query.limit(limit)
	return query.run(as_dict=True)


def audience_size(policy) -> int:
	"""How many employees the policy's audience has today (one query)."""
	emp = frappe.qb.DocType("Employee")
	return audience_query(policy, emp).select(Count("*")).run()[0][0]


def audience_query(policy, emp):
	"""The Active employees of the policy's company in its audience, nothing selected yet."""
	query = frappe.qb.from_(emp).where(emp.company == policy.company).where(emp.status == "Active")
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
	return query


def already_asked(policy: str, employees: list[str]) -> list[str]:
	"""Those of ``employees`` the version ``policy`` has asked already (one query)."""
	if not employees:
		return []
	return frappe.get_all(
		"Policy Acknowledgement",
		filters={"security_policy": policy, "employee": ["in", employees]},
		pluck="employee",
	)


def previous_acknowledgements(
	policy: str, employees: list[str] | None = None
) -> dict[str, PreviousAcknowledgement]:
	"""The acknowledgements of the version before, per employee (of ``employees`` when
	given), to carry over (one query)."""
	filters = {"security_policy": policy}
	if employees is not None:
		if not employees:
			return {}
		filters["employee"] = ["in", employees]
	return {
		row.employee: PreviousAcknowledgement(
			row.name, row.acknowledged_on, getdate(row.due_date) if row.due_date else None
		)
		for row in frappe.get_all(
			"Policy Acknowledgement",
			filters=filters,
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
	(two queries: the versions, their kept counts)."""
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
				"asked_without_user": by_status.get(WITHOUT_USER, 0),
				"acknowledgement_rate": rate(done, asked),
			}
		)
	return rows


def acknowledgement_counts(policies: list[str]) -> dict[str, dict[str, int]]:
	"""Acknowledgements of each policy by status, as kept (``ack_counts``): one query,
	one row per policy, whatever the number of acknowledgements."""
	return kept_counts(policies)


def status_moves(names: Iterable[str], to_status: str) -> dict[str, Counter]:
	"""The changes of the counts (those without a user too) when the acknowledgements
	``names`` all take ``to_status``, read before the update (one query)."""
	names = list(names)
	if not names:
		return {}
	ack = frappe.qb.DocType("Policy Acknowledgement")
	no_user = IfNull(ack.user, "") == ""
	changes: dict[str, Counter] = {}
	for policy, status, without_user, n in (
		frappe.qb.from_(ack)
		.select(ack.security_policy, ack.status, no_user, Count("*"))
		.where(ack.name.isin(names))
		.where(ack.status != to_status)
		.groupby(ack.security_policy, ack.status, no_user)
		# the rows stay as read until the caller's update commits
		.for_update()
	).run():
		change = changes.setdefault(policy, Counter())
		change[status] -= n
		change[to_status] += n
		if without_user:
			change[WITHOUT_USER] += n * without_user_change(status, to_status)
	return changes


def recount_acknowledgements(policies: Iterable[str] | None = None) -> dict[str, dict[str, int]]:
	"""Acknowledgements by policy and state, and those still asked without a user, counted
	from the rows (one query, read from the (security_policy, user, status) index alone;
	every policy when ``policies`` is None)."""
	ack = frappe.qb.DocType("Policy Acknowledgement")
	no_user = IfNull(ack.user, "") == ""
	query = (
		frappe.qb.from_(ack)
		.force_index(RECOUNT_INDEX)
		.select(ack.security_policy, ack.status, no_user, Count("*"))
		.groupby(ack.security_policy, ack.status, no_user)
	)
	if policies is not None:
		policies = list(policies)
		if not policies:
			return {}
		query = query.where(ack.security_policy.isin(policies))
	counts: dict[str, dict[str, int]] = {}
	for policy, status, without_user, n in query.run():
		by_status = counts.setdefault(policy, {WITHOUT_USER: 0})
		by_status[status] = by_status.get(status, 0) + n
		if without_user and still_asked(status):
			by_status[WITHOUT_USER] += n
	return counts


def kept_counts(policies: Iterable[str] | None = None) -> dict[str, dict[str, int]]:
	"""The kept counts by policy and state, with those still asked without a user (one
	query)."""
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
