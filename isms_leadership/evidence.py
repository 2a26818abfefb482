"""The figures of a company's ISMS that leadership is judged by, gathered from the records
the app and ERPNext hold: actions, policies, roles and the security budget.

Used to prepare a management review (its system summaries) and by the leadership view. The
number of queries does not grow with the number of records.
"""

from __future__ import annotations

import frappe
from frappe.query_builder.functions import Count
from frappe.utils import getdate

from isms_leadership.core.coverage import mandatory_filled
from isms_leadership.core.policy import ReviewState
from isms_leadership.core.review import CLOSED, LeadershipFigures


def leadership_figures(company: str, on_date=None) -> LeadershipFigures:
	day = getdate(on_date)
	open_actions, overdue_actions = action_counts(company, day)
	policies = policy_figures(company)
	roles = role_figures(company)
	budget = budget_figures(company, day)
	return LeadershipFigures(
		open_actions=open_actions,
		overdue_actions=overdue_actions,
		**policies,
		**roles,
		**budget,
	)


def action_counts(company: str, day) -> tuple[int, int]:
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
	from isms_leadership.core.policy import register_summary
	from isms_leadership.isms_leadership.report.policy_register.policy_register import get_rows

	rows = get_rows(frappe._dict(company=company, status="Published"))
	summary = register_summary(rows)
	return {
		"published_policies": summary.published,
		"policies_overdue_for_review": sum(1 for r in rows if r["review_state"] == ReviewState.OVERDUE.value),
		"acknowledgement_rate": summary.average_acknowledgement_rate,
	}


def role_figures(company: str) -> dict:
	from isms_leadership.isms_leadership.report.role_coverage.role_coverage import get_rows

	rows = get_rows(frappe._dict(company=company))
	filled, mandatory = mandatory_filled(rows)
	return {
		"mandatory_roles_filled": filled,
		"mandatory_roles": mandatory,
		"role_vacancies": sum(r.vacancies for r in rows if r.is_mandatory),
		"assignments_not_accepted": sum(r.not_accepted for r in rows),
	}


def budget_figures(company: str, day) -> dict:
	from erpnext.accounts.utils import FiscalYearError, get_fiscal_year

	from isms_leadership.core.budget import money, periods, utilisation
	from isms_leadership.isms_leadership.report.security_budget_vs_actual.security_budget_vs_actual import (
		get_rows,
	)

	try:
		fiscal_year, start, end = get_fiscal_year(day, company=company)[:3]
	except FiscalYearError:
		return {}
	rows = get_rows(
		frappe._dict(company=company, fiscal_year=fiscal_year, period="Yearly"),
		getdate(start),
		getdate(end),
		periods(getdate(start), getdate(end), "Yearly"),
	)
	allocated = money(sum(r["allocated"] for r in rows))
	spent = money(sum(r["actual"] for r in rows))
	return {
		"fiscal_year": fiscal_year,
		"budget_allocated": allocated,
		"budget_spent": spent,
		"budget_utilisation": utilisation(spent, allocated),
	}
