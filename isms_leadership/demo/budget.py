"""The security budget (``data/budget.json``): the year's programme, approved before the year
began, and the platform the first management review asked for, each drafted by the ISMS
Manager, reviewed by finance and approved by the director; finance books the spending month by
month."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import frappe
from frappe.utils import add_days, add_months, get_first_day, getdate

from isms_leadership.demo.base import ABBR, COMPANY, Demo, as_user, content, data, transition
from isms_leadership.demo.company import account, cost_center
from isms_leadership.demo.reviews import FIRST_REVIEW
from isms_leadership.isms_leadership.doctype.management_review.api import make_resource_allocation

# the security budget ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Allocation:
	purpose: str
	lines: tuple[tuple[str, float], ...]  # (category, amount)
	justification: str
	people: tuple[tuple[str, float], ...] = ()  # (person, share of working time)


def _allocation(row: dict) -> Allocation:
	return Allocation(
		row["purpose"],
		tuple(tuple(line) for line in row["lines"]),
		row["justification"],
		tuple(tuple(person) for person in row.get("people", ())),
	)


_allocations = data("budget.json")["allocations"]
#: the ISMS team (the leaver among them), training, tools, services and the audit of the year
PROGRAMME = _allocation(_allocations["programme"])
#: asked for by the first management review
PLATFORM = _allocation(_allocations["platform"])
#: sent for approval this week, waiting for the director
SIEM = _allocation(_allocations["siem"])


def allocation_named(spec: Allocation, fiscal_year: str) -> str | None:
	return frappe.db.get_value(
		"Resource Allocation",
		{"company": COMPANY, "purpose": spec.purpose, "fiscal_year": fiscal_year, "docstatus": ["<", 2]},
		"name",
	)


def draft_allocation(demo: Demo, spec: Allocation, fiscal_year: str, doc=None):
	start, end = frappe.db.get_value("Fiscal Year", fiscal_year, ["year_start_date", "year_end_date"])
	doc = doc or frappe.new_doc("Resource Allocation")
	doc.update(
		{
			"purpose": spec.purpose,
			"company": COMPANY,
			"fiscal_year": fiscal_year,
			"cost_center": cost_center(),
			"budget_action": "Stop",
			"justification": doc.get("justification") or content((spec.justification,)),
		}
	)
	doc.set(
		"lines",
		[{"category": c, "account": account(c), "amount": amount} for c, amount in spec.lines],
	)
	doc.set(
		"people",
		[
			{"employee": demo.employee(key), "time_share": share, "from_date": start, "to_date": end}
			for key, share in spec.people
		],
	)
	with as_user("ism"):
		doc.insert()
	return doc


def take_through_finance(demo: Demo, name: str, sent: date, reviewed: date) -> None:
	demo.clock.at(sent, hour=11)
	with as_user("ism"):
		transition("Resource Allocation", name, "Send to Finance")
	demo.clock.at(reviewed, hour=15)
	with as_user("finance"):
		transition("Resource Allocation", name, "Submit for Approval")


def fund_security(demo: Demo, fiscal_year: str) -> None:
	"""The year's security programme, approved before the year began, and the platform the
	first review asked for; finance books the spending month by month."""
	year_start = getdate(frappe.db.get_value("Fiscal Year", fiscal_year, "year_start_date"))
	if not allocation_named(PROGRAMME, fiscal_year):
		demo.clock.at(add_days(year_start, -25), hour=10)
		name = draft_allocation(demo, PROGRAMME, fiscal_year).name
		take_through_finance(demo, name, add_days(year_start, -24), add_days(year_start, -20))
		demo.clock.at(add_days(year_start, -15), hour=16)
		with as_user("director"):
			transition("Resource Allocation", name, "Approve")
		demo.made_now.add("programme")

	review = frappe.db.get_value("Management Review", {"company": COMPANY, "title": FIRST_REVIEW}, "name")
	if "first-review" in demo.made_now and not allocation_named(PLATFORM, fiscal_year):
		held = demo.first_review
		decided = max(add_days(held, 5), year_start)
		demo.clock.at(decided, hour=10)
		with as_user("ism"):
			row = frappe.db.get_value(
				"Management Review Decision",
				{"parent": review, "decision_type": "Resource Need"},
				"name",
			)
			doc = make_resource_allocation(review, row)
		doc.fiscal_year = fiscal_year
		name = draft_allocation(demo, PLATFORM, fiscal_year, doc).name
		take_through_finance(demo, name, add_days(decided, 1), add_days(decided, 3))
		demo.clock.at(add_days(decided, 7), hour=16)
		with as_user("director"):
			transition("Resource Allocation", name, "Approve")

	if "programme" in demo.made_now:
		book_spending(demo, fiscal_year)


def book_spending(demo: Demo, fiscal_year: str) -> None:
	"""One journal entry a month against the security cost center, within the budget."""
	start, end = frappe.db.get_value("Fiscal Year", fiscal_year, ["year_start_date", "year_end_date"])
	start, end = getdate(start), getdate(end)
	platform = frappe.db.get_value(
		"Resource Allocation",
		{"company": COMPANY, "purpose": PLATFORM.purpose, "fiscal_year": fiscal_year, "docstatus": 1},
		"approved_on",
	)
	platform_from = getdate(platform) if platform else None
	months_left = (
		(end.year - platform_from.year) * 12 + end.month - platform_from.month if platform_from else 0
	)
	programme = dict(PROGRAMME.lines)
	month, index = get_first_day(start), 0
	while month <= demo.today and month <= end:
		index += 1
		posting = min(add_days(month, 11), demo.today)
		lines = {
			"Personnel": programme["Personnel"] * 0.97 / 12,
			"Tools & Technology": programme["Tools & Technology"] * 0.9 / 12,
			"External Services": programme["External Services"] * 0.85 / 12,
		}
		if index % 3 == 0:
			lines["Training & Awareness"] = programme["Training & Awareness"] * 0.8 / 4
		if index == 11:
			lines["Audit & Certification"] = programme["Audit & Certification"] * 0.9
		if platform_from and months_left and get_first_day(platform_from) < month:
			for category, amount in PLATFORM.lines:
				lines[category] = lines.get(category, 0) + amount * 0.8 / months_left
		demo.clock.at(posting, hour=13)
		post_journal_entry(month, posting, {c: round(a, 2) for c, a in lines.items()})
		month = add_months(month, 1)


def post_journal_entry(month: date, posting: date, amounts: dict[str, float]) -> None:
	remark = f"Information security costs, {month:%B %Y}"
	if frappe.db.exists("Journal Entry", {"company": COMPANY, "user_remark": remark, "docstatus": 1}):
		return
	total = round(sum(amounts.values()), 2)
	with as_user("finance"):
		je = frappe.get_doc(
			{
				"doctype": "Journal Entry",
				"voucher_type": "Journal Entry",
				"company": COMPANY,
				"posting_date": posting,
				"user_remark": remark,
				"accounts": [
					*(
						{
							"account": account(category),
							"debit_in_account_currency": amount,
							"cost_center": cost_center(),
						}
						for category, amount in amounts.items()
					),
					{"account": f"Cash - {ABBR}", "credit_in_account_currency": total},
				],
			}
		)
		je.insert()
		je.submit()
