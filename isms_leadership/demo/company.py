"""The demo company and its ledger: the company (made by ERPNext's own setup on a site whose
setup was never done), the fiscal year of today, and the security cost center and expense
accounts finance keeps for the security budget."""

from __future__ import annotations

from datetime import date

import frappe
from frappe.desk.page.setup_wizard.setup_wizard import setup_complete
from frappe.utils import getdate, today

from erpnext.accounts.utils import get_fiscal_year

from isms_leadership.demo.base import ABBR, COMPANY, CURRENCY, Demo, data

# the company and its ledger -------------------------------------------------------------


def ensure_company(demo: Demo) -> None:
	"""The demo company; on a site whose setup was never done, ERPNext's setup makes it."""
	if frappe.db.exists("Company", COMPANY):
		return
	if not frappe.db.a_row_exists("Company") and not frappe.is_setup_complete():
		year = demo.today.year
		# ERPNext's own setup (it commits when done, as the setup wizard does)
		setup_complete(
			{
				"language": "English",
				"country": "United Kingdom",
				"timezone": "Europe/London",
				"currency": CURRENCY,
				"company_name": COMPANY,
				"company_abbr": ABBR,
				"chart_of_accounts": "Standard",
				"fy_start_date": f"{year}-01-01",
				"fy_end_date": f"{year}-12-31",
			}
		)
		frappe.set_user("Administrator")
		# the setup wizard's time zone may differ from the one today was read in
		demo.today = getdate(today())
	if not frappe.db.exists("Company", COMPANY):
		frappe.get_doc(
			{
				"doctype": "Company",
				"company_name": COMPANY,
				"abbr": ABBR,
				"default_currency": CURRENCY,
				"country": frappe.db.get_single_value("System Settings", "country") or "United Kingdom",
				"chart_of_accounts": "Standard",
			}
		).insert()


def ensure_fiscal_year(day: date) -> str:
	"""The ERPNext fiscal year of ``day`` for the demo company, made (calendar year) if missing."""
	found = get_fiscal_year(day, company=COMPANY, boolean=True)
	if found:
		return found[0][0]
	covering = frappe.db.get_value(
		"Fiscal Year",
		{"year_start_date": ["<=", day], "year_end_date": [">=", day], "disabled": 0},
		"name",
	)
	if covering:
		# a fiscal year kept for some companies: the demo company keeps it too
		fiscal_year = frappe.get_doc("Fiscal Year", covering)
		fiscal_year.append("companies", {"company": COMPANY})
		fiscal_year.save()
	else:
		start = date(day.year, 1, 1)
		name = str(day.year) if not frappe.db.exists("Fiscal Year", str(day.year)) else f"FY {day.year}"
		fiscal_year = frappe.get_doc(
			{
				"doctype": "Fiscal Year",
				"year": name,
				"year_start_date": start,
				"year_end_date": date(day.year, 12, 31),
			}
		).insert()
	frappe.cache.delete_value("fiscal_years")
	return fiscal_year.name


#: the security budget's categories and the expense accounts finance books them on (budget.json)
SECURITY_ACCOUNTS = data("budget.json")["accounts"]
SECURITY_COST_CENTER = "Information Security"


def account(category: str) -> str:
	return f"{SECURITY_ACCOUNTS[category]} - {ABBR}"


def cost_center() -> str:
	return f"{SECURITY_COST_CENTER} - {ABBR}"


def ensure_ledger() -> None:
	"""The security cost center and expense accounts finance keeps for the security budget."""
	parent = f"Indirect Expenses - {ABBR}"
	for name in SECURITY_ACCOUNTS.values():
		if not frappe.db.exists("Account", f"{name} - {ABBR}"):
			frappe.get_doc(
				{
					"doctype": "Account",
					"account_name": name,
					"parent_account": parent,
					"company": COMPANY,
					"is_group": 0,
				}
			).insert()
	if not frappe.db.exists("Cost Center", cost_center()):
		root = frappe.db.get_value(
			"Cost Center", {"company": COMPANY, "is_group": 1, "parent_cost_center": ["is", "not set"]}
		)
		frappe.get_doc(
			{
				"doctype": "Cost Center",
				"cost_center_name": SECURITY_COST_CENTER,
				"company": COMPANY,
				"parent_cost_center": root,
				"is_group": 0,
			}
		).insert()
