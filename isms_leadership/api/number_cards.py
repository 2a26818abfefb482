"""Number cards of the ISMS Leadership workspace (Number Card type "Custom").

Each card answers for the company in its filters, else the user's default company, else the
one in ISMS Settings, and returns the value with the route that explains it.
"""

from __future__ import annotations

import json

import frappe
from frappe import _
from frappe.utils import date_diff, getdate, today

from isms_leadership.permissions import check_company, is_isms_reader
from isms_leadership.queries import evidence
from isms_leadership.queries.reviews import last_completed
from isms_leadership.settings import get_settings


def card_company(filters) -> str:
	"""The company a card answers for, after checking the user may see leadership figures."""
	if not is_isms_reader():
		frappe.throw(_("Only ISMS roles see the leadership figures."), frappe.PermissionError)
	if isinstance(filters, str):
		filters = json.loads(filters or "{}")
	if isinstance(filters, list):  # [[doctype, field, op, value], ...] as a card may send
		filters = {f[1]: f[3] for f in filters if len(f) >= 4}
	company = (
		(filters or {}).get("company")
		or frappe.defaults.get_user_default("Company")
		or get_settings().default_company
	)
	if not company:
		frappe.throw(_("Set a default company to see the leadership figures."), title=_("No Company"))
	check_company(company)
	return company


@frappe.whitelist()
@frappe.read_only()
def policies_overdue_for_review(filters: str | dict | None = None) -> dict:
	"""Published policies whose review date has passed."""
	company = card_company(filters)
	value = evidence.policy_figures(company)["policies_overdue_for_review"]
	return {
		"value": value,
		"fieldtype": "Int",
		"route": ["query-report", "Policy Register"],
		"route_options": {"company": company},
	}


@frappe.whitelist()
@frappe.read_only()
def acknowledgement_rate(filters: str | dict | None = None) -> dict:
	"""Average acknowledgement rate of the policies in force."""
	company = card_company(filters)
	value = evidence.policy_figures(company)["acknowledgement_rate"]
	return {
		"value": value or 0,
		"fieldtype": "Percent",
		"route": ["query-report", "Policy Register"],
		"route_options": {"company": company, "status": "Published"},
	}


@frappe.whitelist()
@frappe.read_only()
def mandatory_roles_vacant(filters: str | dict | None = None) -> dict:
	"""Vacant places in the mandatory ISMS roles."""
	company = card_company(filters)
	value = evidence.role_figures(company)["role_vacancies"]
	return {
		"value": value,
		"fieldtype": "Int",
		"route": ["query-report", "Role Coverage"],
		"route_options": {"company": company},
	}


@frappe.whitelist()
@frappe.read_only()
def budget_utilisation(filters: str | dict | None = None) -> dict:
	"""Spent as a share of the security budget allocated for this fiscal year."""
	company = card_company(filters)
	figures = evidence.budget_figures(company, getdate(today()))
	return {
		"value": figures.get("budget_utilisation") or 0,
		"fieldtype": "Percent",
		"route": ["query-report", "Security Budget vs Actual"],
		"route_options": {"company": company, "fiscal_year": figures.get("fiscal_year")},
	}


@frappe.whitelist()
@frappe.read_only()
def days_since_last_review(filters: str | dict | None = None) -> dict:
	"""Days since the company's last completed management review (0 when there was none)."""
	company = card_company(filters)
	last = last_completed(company)
	return {
		"value": date_diff(today(), last.review_date) if last else 0,
		"fieldtype": "Int",
		"route": ["List", "Management Review"],
		"route_options": {"company": company},
	}


@frappe.whitelist()
@frappe.read_only()
def overdue_actions(filters: str | dict | None = None) -> dict:
	"""Open actions from management reviews past their due date."""
	company = card_company(filters)
	_open, overdue = evidence.action_counts(company, getdate(today()))
	return {
		"value": overdue,
		"fieldtype": "Int",
		"route": ["List", "ISMS Action"],
		"route_options": {"company": company, "overdue": 1},
	}
