"""The catalogue of requirements and what answers them, as stored: the rows of ISMS Requirement,
the framework measures policies list, and the policies DORA names (the digital operational
resilience strategy, the ICT internal audit plan).

A fixed number of queries whatever the number of policies (stated per function)."""

from __future__ import annotations

from collections.abc import Sequence

import frappe

from isms_leadership.core.frameworks import Requirement, requirement_from
from isms_leadership.core.policy import AUDIT_PLAN, STRATEGY, TOP_LEVEL, PolicyStatus

#: states of a policy on its way to approval
ON_THE_WAY = (PolicyStatus.DRAFT.value, PolicyStatus.IN_REVIEW.value, PolicyStatus.PENDING_APPROVAL.value)


def catalogue(frameworks: Sequence[str] | None = None) -> list[Requirement]:
	"""The requirements of ``frameworks`` (all when None), in the catalogue's order (one query)."""
	filters = {"framework": ["in", list(frameworks)]} if frameworks is not None else {}
	if frameworks is not None and not frameworks:
		return []
	rows = frappe.get_all(
		"ISMS Requirement",
		filters=filters,
		fields=["name", "framework", "reference", "title", "rule", "evidence", "citation", "sort_order"],
		order_by="sort_order asc, name asc",
	)
	return [requirement_from(row) for row in rows]


def measure_policies(company: str) -> tuple[dict, dict, dict]:
	"""(requirement -> policies in force that list it, requirement -> policies on their way to
	approval that list it, policy -> title) of ``company`` (one query)."""
	policy = frappe.qb.DocType("Security Policy")
	measure = frappe.qb.DocType("Security Policy Measure")
	rows = (
		frappe.qb.from_(measure)
		.join(policy)
		.on((policy.name == measure.parent) & (measure.parenttype == "Security Policy"))
		.select(measure.requirement, policy.name, policy.title, policy.status)
		.where(policy.company == company)
		.where(policy.status.isin([PolicyStatus.PUBLISHED.value, *ON_THE_WAY]))
		.where(policy.docstatus < 2)
		.orderby(policy.name)
	).run()
	in_force: dict[str, list[str]] = {}
	waiting: dict[str, list[str]] = {}
	titles = {}
	for requirement, name, title, status in rows:
		titles[name] = title
		target = in_force if status == PolicyStatus.PUBLISHED.value else waiting
		target.setdefault(requirement, []).append(name)
	return (
		{k: tuple(v) for k, v in in_force.items()},
		{k: tuple(v) for k, v in waiting.items()},
		titles,
	)


def framework_policies(company: str) -> dict[str, frappe._dict]:
	"""The information security policy, the digital operational resilience strategy and the
	ICT internal audit plan in force in ``company``, by type (one query)."""
	rows = frappe.get_all(
		"Security Policy",
		filters={
			"company": company,
			"policy_type": ["in", [TOP_LEVEL, STRATEGY, AUDIT_PLAN]],
			"status": PolicyStatus.PUBLISHED.value,
			"docstatus": 1,
		},
		fields=[
			"name",
			"title",
			"version",
			"policy_type",
			"states_risk_tolerance",
			"approved_on",
			"last_reviewed_on",
		],
		order_by="approved_on desc",
	)
	out: dict[str, frappe._dict] = {}
	for row in rows:
		out.setdefault(row.policy_type, row)
	return out
