"""The figures of a company's ISMS that leadership is judged by, gathered from the records
the app and ERPNext hold: actions, policies, roles and the security budget.

Used to prepare a management review (its system summaries) and by the leadership view. The
number of queries does not grow with the number of records.
"""

from __future__ import annotations

import frappe
from frappe.query_builder.functions import Count, Sum
from frappe.utils import add_days, add_months, format_datetime, getdate

from erpnext.accounts.utils import FiscalYearError, get_fiscal_year

from isms_leadership.core.budget import money, periods, utilisation
from isms_leadership.core.coverage import mandatory_filled
from isms_leadership.core.evidence import Facts
from isms_leadership.core.frameworks import Finding, Requirement, Score, assess, measure_key, scores
from isms_leadership.core.policy import (
	AUDIT_PLAN,
	STRATEGY,
	TOP_LEVEL,
	ReviewState,
	register_summary,
	review_state,
)
from isms_leadership.core.review import CLOSED, LeadershipFigures
from isms_leadership.queries.appointments import held_on
from isms_leadership.queries.budget import budget_rows, kept_actuals
from isms_leadership.queries.coverage import coverage_rows
from isms_leadership.queries.frameworks import catalogue, framework_policies, measure_policies
from isms_leadership.queries.policies import register_rows
from isms_leadership.queries.practice import awareness_facts, communication_facts, objective_lines
from isms_leadership.queries.reviews import company_next_review_due, last_completed
from isms_leadership.settings import get_settings


def leadership_figures(company: str, on_date=None) -> LeadershipFigures:
	"""The figures a management review's system summaries show (9.3.2 c, d4): thirteen
	queries whatever the size of the company."""
	day = getdate(on_date)
	open_actions, overdue_actions = action_counts(company, day)
	policies = policy_figures(company)
	roles = role_figures(company)
	budget = budget_figures(company, day)
	budget["budget_as_of"] = as_of_text(budget.get("budget_as_of"))
	return LeadershipFigures(
		open_actions=open_actions,
		overdue_actions=overdue_actions,
		**policies,
		**roles,
		**budget,
		objectives=tuple(objective_lines(company, day)),
	)


def action_counts(company: str, day) -> tuple[int, int]:
	"""Open and overdue actions of ``company`` (one query)."""
	action = frappe.qb.DocType("ISMS Action")
	closed = [s.value for s in CLOSED]
	rows = (
		frappe.qb.from_(action)
		.select((action.due_date < day).as_("overdue"), Count("*"))
		.where(action.company == company)
		.where(action.status.notin(closed))
		.groupby(action.due_date < day)
	).run()
	open_count = sum(count for _overdue, count in rows)
	overdue = sum(count for overdue, count in rows if overdue)
	return open_count, overdue


def policy_figures(company: str) -> dict:
	"""Published policies, those overdue for review, the acknowledgement rate (three queries)."""
	rows = register_rows(frappe._dict(company=company, status="Published"))
	summary = register_summary(rows)
	return {
		"published_policies": summary.published,
		"policies_overdue_for_review": sum(1 for r in rows if r["review_state"] == ReviewState.OVERDUE.value),
		"acknowledgement_rate": summary.average_acknowledgement_rate,
	}


def role_figures(company: str) -> dict:
	"""Mandatory roles filled, vacancies, appointments not accepted (three queries, counted by
	the database)."""
	rows = coverage_rows(frappe._dict(company=company), conflicts=False)
	filled, mandatory = mandatory_filled(rows)
	return {
		"mandatory_roles_filled": filled,
		"mandatory_roles": mandatory,
		"role_vacancies": sum(r.vacancies for r in rows if r.is_mandatory),
		"assignments_not_accepted": sum(r.not_accepted for r in rows),
	}


def as_of_text(as_of) -> str:
	"""When the ledger was read, as the user reads dates and times ("" when not read)."""
	return format_datetime(as_of) if as_of else ""


def budget_figures(company: str, day, refresh: bool = False) -> dict:
	"""Allocated (read now), spent and the utilisation of the fiscal year of ``day``.

	The spending is the General Ledger's as last read (``queries.budget.kept_actuals``: by
	the hourly job, or by the first read after the allocations changed), with that time as
	``budget_as_of``; ``refresh`` reads the ledger now. Three queries and the cache; five
	when the ledger is read."""
	try:
		fiscal_year, start, end = get_fiscal_year(day, company=company)[:3]
	except FiscalYearError:
		return {}
	as_of = []

	def spending(*question, by_month):
		rows, when = kept_actuals(*question, by_month=by_month, refresh=refresh)
		as_of.append(when)
		return rows

	rows = budget_rows(
		frappe._dict(company=company, fiscal_year=fiscal_year, period="Yearly"),
		getdate(start),
		getdate(end),
		periods(getdate(start), getdate(end), "Yearly"),
		spending=spending,
	)
	allocated = money(sum(r["allocated"] for r in rows))
	spent = money(sum(r["actual"] for r in rows))
	return {
		"fiscal_year": fiscal_year,
		"budget_allocated": allocated,
		"budget_spent": spent,
		"budget_utilisation": utilisation(spent, allocated),
		"budget_as_of": as_of[0] if as_of else None,
	}


# leadership evidence ------------------------------------------------------------------


def evidence_facts(company: str, on_date=None):
	"""The Facts the leadership evidence rules judge, with links to the records behind them.

	A fixed number of queries whatever the size of the company (the frameworks' facts: two
	more)."""

	day = getdate(on_date)
	links: dict[str, list] = {}

	top = (
		frappe.db.get_value(
			"Security Policy",
			{"company": company, "policy_type": TOP_LEVEL, "status": "Published", "docstatus": 1},
			[
				"name",
				"includes_objectives",
				"commits_to_requirements",
				"commits_to_improvement",
				"available_to_interested_parties",
			],
			as_dict=True,
		)
		or frappe._dict()
	)
	if top.name:
		links["top_policy"] = [("Security Policy", top.name)]

	policies = register_rows(frappe._dict(company=company, status="Published"))
	summary = register_summary(policies)
	overdue_policies = tuple(r["name"] for r in policies if r["review_state"] == ReviewState.OVERDUE.value)
	links["policies"] = [("Security Policy", name) for name in overdue_policies] or [
		("Report", "Policy Register")
	]
	links["acknowledgements"] = [("Report", "Policy Register")]

	coverage = coverage_rows(frappe._dict(company=company))
	reporter_roles = set(
		frappe.get_all("ISMS Role", filters={"iso_reference": ["like", "%5.3 b%"]}, pluck="name")
	)
	links["roles"] = [("Report", "Role Coverage")]

	ra = frappe.qb.DocType("Role Assignment")
	emp = frappe.qb.DocType("Employee")

	holders, departments = (
		frappe.qb.from_(ra)
		.join(emp)
		.on(emp.name == ra.employee)
		.select(Count(ra.employee).distinct(), Count(emp.department).distinct())
		.where(ra.company == company)
		.where(held_on(ra, day))
	).run()[0]
	per_holder = (
		frappe.qb.from_(ra)
		.select(Count(ra.isms_role).distinct())
		.where(ra.company == company)
		.where(held_on(ra, day))
		.groupby(ra.employee)
	).run(pluck=True)
	# A company's very first top-management appointment can only be approved by a System
	# Manager; any later approval without top management means ownership lapsed.
	bootstrapped = frappe.get_all(
		"Role Assignment",
		filters={"company": company, "docstatus": 1, "approved_by_bootstrap": 1},
		fields=["name", "approved_on"],
		order_by="approved_on asc",
	)
	since = add_months(day, -12)
	bootstrap = tuple(
		row.name for row in bootstrapped[1:] if row.approved_on and getdate(row.approved_on) >= since
	)
	links["approvals"] = [("Role Assignment", name) for name in bootstrap]

	fiscal_year, allocations, training = None, (), 0.0
	try:
		fiscal_year = get_fiscal_year(day, company=company)[0]
	except FiscalYearError:
		pass
	if fiscal_year:
		alloc = frappe.qb.DocType("Resource Allocation")
		line = frappe.qb.DocType("Resource Allocation Line")
		rows = (
			frappe.qb.from_(alloc)
			.left_join(line)
			.on((line.parent == alloc.name) & (line.category == "Training & Awareness"))
			.select(alloc.name, Sum(line.amount))
			.where(alloc.company == company)
			.where(alloc.fiscal_year == fiscal_year)
			.where(alloc.docstatus == 1)
			.groupby(alloc.name)
		).run()
		allocations = tuple(name for name, _amount in rows)
		training = float(sum(amount or 0 for _name, amount in rows))
		links["budget"] = [("Resource Allocation", name) for name in allocations] + [
			("Report", "Security Budget vs Actual")
		]

	budget = budget_figures(company, day) if allocations else {}
	utilisation = budget.get("budget_utilisation")

	last = last_completed(company)
	attended, decisions, facts_age = False, 0, 0
	state = None
	if last:
		attended = bool(
			frappe.db.exists(
				"Management Review Attendee",
				{"parent": last.name, "parenttype": "Management Review", "top_management": 1, "attended": 1},
			)
		)
		decisions = frappe.db.count(
			"Management Review Decision", {"parent": last.name, "parenttype": "Management Review"}
		)
		gathered = frappe.db.get_value("Management Review", last.name, "facts_gathered_on")
		if gathered:
			facts_age = max(0, (getdate(last.review_date) - getdate(gathered)).days)
		links["review"] = [("Management Review", last.name)]

		state = review_state(company_next_review_due(company, day), day, get_settings().reminder_lead_days)

	overdue_actions = tuple(
		frappe.get_all(
			"ISMS Action",
			filters={"company": company, "status": ["in", ["Open", "In Progress"]], "due_date": ["<", day]},
			pluck="name",
			order_by="due_date asc",
		)
	)
	due_soon = tuple(
		frappe.get_all(
			"ISMS Action",
			filters={
				"company": company,
				"status": ["in", ["Open", "In Progress"]],
				"due_date": ["between", [day, add_days(day, 14)]],
			},
			pluck="name",
			order_by="due_date asc",
		)
	)
	links["actions"] = [("ISMS Action", name) for name in overdue_actions + due_soon] or [
		("Report", "ISMS Actions")
	]

	objectives = objective_lines(company, day)
	by_status: dict[str, list[str]] = {}
	for line in objectives:
		by_status.setdefault(line.status, []).append(line.name)
	without_policy = tuple(
		frappe.get_all(
			"Security Objective",
			filters={"company": company, "docstatus": 1, "security_policy": ["is", "not set"]},
			pluck="name",
		)
	)
	links["objectives"] = [
		("Security Objective", name)
		for name in by_status.get("Off track", []) + by_status.get("Not measured", []) + list(without_policy)
	] or [("Report", "Objectives Status")]
	communication = communication_facts(company, day)
	links["communication"] = [
		("Security Policy", name) for name in communication["policies_not_communicated"]
	] + [("Report", "Communication Record")]
	awareness = awareness_facts(company, day)
	links["awareness"] = [("Report", "Leadership Awareness")]
	frameworks = framework_facts(company, day, links)
	titles = {**{r["name"]: r["title"] for r in policies}, **frameworks.pop("policy_titles")}

	return Facts(
		top_policy=top.name,
		top_policy_has_objectives=bool(top.includes_objectives),
		top_policy_commits_to_requirements=bool(top.commits_to_requirements),
		top_policy_commits_to_improvement=bool(top.commits_to_improvement),
		top_policy_available_to_interested_parties=bool(top.available_to_interested_parties),
		top_policy_review_overdue=bool(top.name) and top.name in overdue_policies,
		policies_overdue_for_review=overdue_policies,
		acknowledgements_asked=sum(r["asked"] for r in policies),
		acknowledgement_rate=summary.average_acknowledgement_rate,
		acknowledgement_threshold=get_settings().acknowledgement_threshold,
		mandatory_roles_vacant=tuple(r.role for r in coverage if r.is_mandatory and r.vacancies),
		roles_without_deputy=tuple(r.role for r in coverage if r.without_deputy),
		assignments_not_accepted=sum(r.not_accepted for r in coverage),
		role_conflicts=sum(r.conflicts for r in coverage),
		performance_reporter_held=any(r.active_holders for r in coverage if r.role in reporter_roles),
		performance_reporter_accepted=not any(r.not_accepted for r in coverage if r.role in reporter_roles),
		most_roles_held_by_one=max(per_holder or [0]),
		isms_role_departments=int(departments or 0),
		isms_role_holders=int(holders or 0),
		fiscal_year=fiscal_year,
		allocations_this_year=allocations,
		training_allocated=training,
		budget_utilisation=utilisation,
		budget_as_of=as_of_text(budget.get("budget_as_of")),
		last_review=last.name if last else None,
		review_overdue=bool(last is None or state is ReviewState.OVERDUE),
		review_due_soon=state is ReviewState.DUE_SOON,
		last_review_top_management_attended=attended,
		last_review_decisions=decisions,
		last_review_facts_age_days=facts_age,
		actions_overdue=overdue_actions,
		actions_due_soon=due_soon,
		approvals_not_by_top_management=bootstrap,
		objectives_approved=len(objectives),
		objectives_off_track=tuple(by_status.get("Off track", [])),
		objectives_at_risk=tuple(by_status.get("At risk", [])),
		objectives_not_measured=tuple(by_status.get("Not measured", [])),
		objectives_without_policy=without_policy,
		**communication,
		**awareness,
		**frameworks,
		policy_titles=titles,
		links=links,
	)


def framework_facts(company: str, day, links: dict) -> dict:
	"""What NIS2 and DORA add to the facts: the policies that answer each framework measure,
	the strategy and the ICT internal audit plan in force, and when the ICT risk management
	framework was last approved or reviewed (two queries). Adds their links to ``links``."""
	in_force, waiting, titles = measure_policies(company)
	for requirement in set(in_force) | set(waiting):
		links[measure_key(requirement)] = [
			("Security Policy", name) for name in in_force.get(requirement) or waiting.get(requirement, ())
		]
	by_type = framework_policies(company)
	strategy, plan, top = by_type.get(STRATEGY), by_type.get(AUDIT_PLAN), by_type.get(TOP_LEVEL)
	if strategy:
		links["strategy"] = [("Security Policy", strategy.name)]
	if plan:
		links["audit_plan"] = [("Security Policy", plan.name)]
	reviewed = [
		getdate(value)
		for row in (top, strategy)
		if row
		for value in (row.approved_on, row.last_reviewed_on)
		if value
	]
	return {
		"measure_policies": in_force,
		"measures_waiting": waiting,
		"policy_titles": {
			**titles,
			**{row.name: row.title for row in by_type.values()},
		},
		"strategy": strategy.name if strategy else None,
		"strategy_states_risk_tolerance": bool(strategy and strategy.states_risk_tolerance),
		"audit_plan": plan.name if plan else None,
		"framework_reviewed_days_ago": (getdate(day) - max(reviewed)).days if reviewed else None,
		"reminder_lead_days": get_settings().reminder_lead_days,
	}


def framework_evidence(
	company: str, on_date=None, frameworks=None
) -> tuple[Facts, list[tuple[Requirement, Finding]]]:
	"""The facts of ``company`` and every requirement of ``frameworks`` (default: those
	switched on for it in ISMS Settings) with its finding (the queries of evidence_facts and
	one more)."""
	if frameworks is None:
		frameworks = get_settings().frameworks_of(company)
	facts = evidence_facts(company, on_date)
	return facts, assess(facts, catalogue(frameworks))


def framework_scores(company: str, on_date=None) -> list[Score]:
	"""One score per framework switched on for ``company`` (the queries of framework_evidence)."""
	frameworks = get_settings().frameworks_of(company)
	_facts, assessed = framework_evidence(company, on_date, frameworks)
	return scores(assessed, frameworks)
