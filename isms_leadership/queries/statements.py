"""What a management body statement says, read from the records: the policies (measures,
strategy, audit plan) top management approved, the budgets it approved, the management reviews
it held, the training its members followed, and the requirements of the framework not met.

A fixed number of queries whatever the number of records: three, plus those of
``framework_evidence`` and ``leader_awareness``."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import frappe
from frappe.utils import fmt_money, getdate

from isms_leadership.core.practice import awareness_state
from isms_leadership.core.statements import APPROVED, REVIEWED, TRAINED, Line, gap_lines, in_period
from isms_leadership.queries.evidence import framework_evidence
from isms_leadership.queries.practice import leader_awareness


def statement_lines(
	company: str, framework: str, from_date: date, to_date: date, translate: Callable[[str], str]
) -> list[Line]:
	"""The lines of a statement of ``company`` for ``framework`` over the period, section by
	section; ``translate`` marks the sentences (``frappe._``)."""
	_ = translate
	return [
		*policy_lines(company, from_date, to_date, _),
		*budget_lines(company, from_date, to_date, _),
		*review_lines(company, from_date, to_date, _),
		*training_lines(company, to_date, _),
		*gap_lines(framework_evidence(company, to_date, (framework,))[1], _),
	]


def policy_lines(company: str, from_date: date, to_date: date, _) -> list[Line]:
	"""Every policy approved by top management and in force at the end of the period, and those
	approved during it that a later version has replaced since, with their framework measures
	(two queries)."""
	policies = frappe.get_all(
		"Security Policy",
		filters={"company": company, "docstatus": 1, "approved_on": ["<=", f"{to_date} 23:59:59"]},
		fields=[
			"name",
			"title",
			"policy_type",
			"version",
			"status",
			"approved_on",
			"approved_by",
			"approval_fingerprint",
			"superseded_by",
			"retired_on",
		],
		order_by="policy_type asc, title asc, version asc",
	)
	measures: dict[str, list[str]] = {}
	for row in frappe.get_all(
		"Security Policy Measure",
		filters={"parenttype": "Security Policy", "parent": ["in", [p.name for p in policies] or [""]]},
		fields=["parent", "requirement"],
		order_by="idx asc",
	):
		measures.setdefault(row.parent, []).append(row.requirement)
	lines = []
	for p in policies:
		approved = getdate(p.approved_on)
		in_force = p.status == "Published"
		if not in_force and not in_period(approved, from_date, to_date):
			continue
		state = _("in force") if in_force else _(p.status)
		text = _("{0}: {1} ({2})").format(_(p.policy_type), p.title, state)
		if measures.get(p.name):
			text += " " + _("answering {0}").format(", ".join(measures[p.name]))
		lines.append(
			Line(
				section=APPROVED,
				description=text,
				reference_doctype="Security Policy",
				reference_name=p.name,
				version=p.version,
				on_date=approved,
				by_user=p.approved_by,
				fingerprint=p.approval_fingerprint,
			)
		)
	return lines


def budget_lines(company: str, from_date: date, to_date: date, _) -> list[Line]:
	"""The resource allocations approved in the period, with what they give to training (one
	query)."""
	return [
		Line(
			section=APPROVED,
			description=_(
				"Security budget {0}, fiscal year {1}: {2}, of which {3} for training and awareness"
			).format(
				row.purpose,
				row.fiscal_year,
				fmt_money(row.total_amount, currency=row.currency),
				fmt_money(row.total_training, currency=row.currency),
			),
			reference_doctype="Resource Allocation",
			reference_name=row.name,
			on_date=getdate(row.approved_on),
			by_user=row.approved_by,
			fingerprint=row.approval_fingerprint,
		)
		for row in frappe.get_all(
			"Resource Allocation",
			filters={
				"company": company,
				"docstatus": 1,
				"approved_on": ["between", [f"{from_date} 00:00:00", f"{to_date} 23:59:59"]],
			},
			fields=[
				"name",
				"purpose",
				"fiscal_year",
				"currency",
				"total_amount",
				"total_training",
				"approved_on",
				"approved_by",
				"approval_fingerprint",
			],
			order_by="approved_on asc",
		)
	]


def review_lines(company: str, from_date: date, to_date: date, _) -> list[Line]:
	"""The management reviews held and signed off in the period (one query)."""
	return [
		Line(
			section=REVIEWED,
			description=_("{0}, chaired by {1}").format(row.title, row.chair_name or row.chair),
			reference_doctype="Management Review",
			reference_name=row.name,
			on_date=getdate(row.review_date),
			by_user=row.signed_off_by,
			fingerprint=row.approval_fingerprint,
		)
		for row in frappe.get_all(
			"Management Review",
			filters={"company": company, "docstatus": 1, "review_date": ["between", [from_date, to_date]]},
			fields=[
				"name",
				"title",
				"chair",
				"chair_name",
				"review_date",
				"signed_off_by",
				"approval_fingerprint",
			],
			order_by="review_date asc",
		)
	]


def training_lines(company: str, to_date: date, _) -> list[Line]:
	"""The members of top management on the last day of the period and their last security
	training (the queries of leader_awareness)."""
	lines = []
	for leader in leader_awareness(company, to_date):
		if leader.last_completed:
			text = _("{0} ({1}): last security training, recorded as {2}").format(
				leader.employee_name or leader.employee, leader.isms_roles, _(leader.source)
			)
		else:
			text = _("{0} ({1}): no security training recorded").format(
				leader.employee_name or leader.employee, leader.isms_roles
			)
		lines.append(
			Line(
				section=TRAINED,
				description=text,
				reference_doctype="Employee",
				reference_name=leader.employee,
				on_date=leader.last_completed,
				by_user=leader.user,
				level=awareness_state(leader.last_completed, getdate(to_date), 0).value,
			)
		)
	return lines
