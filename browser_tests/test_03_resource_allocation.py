"""The ISMS Manager asks for a security budget; finance reviews it; the director approves it;
the ERPNext Budget holds the amount and Security Budget vs Actual shows it with its chart."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from playwright.sync_api import expect

from browser_tests.people import COMPANY, DIRECTOR, FINANCE, ISM

AMOUNT = 4321.0
CATEGORY = "Training & Awareness"


def where_to_book(admin_api) -> dict:
	"""Fiscal year, cost center and an expense account of the demo's own security budget."""
	rows = admin_api.get_list(
		"Resource Allocation",
		{"company": COMPANY, "docstatus": 1},
		["name", "fiscal_year", "cost_center"],
		order_by="creation desc",
		limit=1,
	)
	assert rows, f"{COMPANY} has no approved resource allocation; load the demo"
	allocation = admin_api.get_doc("Resource Allocation", rows[0]["name"])
	return {
		"fiscal_year": allocation["fiscal_year"],
		"cost_center": allocation["cost_center"],
		"account": allocation["lines"][0]["account"],
	}


def budget_amount(admin_api, target: dict) -> float:
	"""What the submitted ERPNext Budget of the cost center and year holds for the account."""
	budgets = admin_api.get_list(
		"Budget",
		{
			"company": COMPANY,
			"cost_center": target["cost_center"],
			"fiscal_year": target["fiscal_year"],
			"docstatus": 1,
		},
	)
	total = 0.0
	for budget in budgets:
		for line in admin_api.get_doc("Budget", budget["name"])["accounts"]:
			if line["account"] == target["account"]:
				total += line["budget_amount"]
	return total


@pytest.fixture
def allocations_made(admin_api, api_as):
	"""The director cancels what a run approved, so the ERPNext Budget goes back."""
	made: list[str] = []
	yield made
	director_api = api_as(DIRECTOR)
	for name in made:
		doc = admin_api.get_doc("Resource Allocation", name)
		if doc["docstatus"] == 1:
			director_api.apply_workflow("Resource Allocation", name, "Cancel")
		elif doc["docstatus"] == 0:
			admin_api.call("frappe.client.delete", doctype="Resource Allocation", name=name)


def test_allocation_reaches_the_erpnext_budget(desk_as, admin_api, run_stamp, allocations_made):
	target = where_to_book(admin_api)
	before = budget_amount(admin_api, target)

	# the ISMS Manager drafts the allocation and sends it to finance
	ism = desk_as(ISM)
	ism.new_form("Resource Allocation")
	ism.set_field("purpose", f"Phishing simulation and awareness training {run_stamp}")
	ism.set_field("company", COMPANY)
	ism.set_field("fiscal_year", target["fiscal_year"])
	ism.set_field("cost_center", target["cost_center"])
	# Lines is mandatory, so the new form starts with one empty line: the manager fills it in
	assert len(ism.doc()["lines"]) == 1
	ism.set_row(
		"lines",
		1,
		{
			"category": CATEGORY,
			"account": target["account"],
			"amount": str(AMOUNT),
			"description": "Quarterly phishing simulation for all staff",
		},
	)
	ism.save()
	allocation = ism.doc()["name"]
	allocations_made.append(allocation)
	assert ism.doc()["total_amount"] == AMOUNT
	ism.workflow("Send to Finance", expect_state="Finance Review")
	ism.shot("03-ism-allocation-sent-to-finance")

	# finance checks accounts and cost center and submits it for approval
	finance = desk_as(FINANCE)
	finance.open_form("Resource Allocation", allocation)
	finance.workflow("Submit for Approval", expect_state="Pending Approval")

	# the director approves it
	director = desk_as(DIRECTOR)
	director.open_form("Resource Allocation", allocation)
	director.workflow("Approve", expect_state="Approved")
	expect(director.page.locator(".form-dashboard", has_text="Budget and Actuals")).to_be_visible()
	director.shot("03-director-approved-allocation")
	budget = director.doc()["budget"]
	assert budget

	# the ERPNext Budget shows the amount
	assert budget_amount(admin_api, target) == pytest.approx(before + AMOUNT)
	finance.open_form("Budget", budget)
	accounts = finance.field("accounts", parent=".form-layout")
	expect(accounts.locator(".grid-row", has_text=target["account"])).to_be_visible()
	finance.shot("03-erpnext-budget")

	# Security Budget vs Actual shows it, with its chart
	query = urlencode({"company": COMPANY, "fiscal_year": target["fiscal_year"], "period": "Quarterly"})
	director.goto(f"/app/query-report/Security Budget vs Actual?{query}")
	report = director.page.locator(".report-wrapper, .page-content").first
	expect(director.page.locator(".dt-scrollable .dt-row", has_text=target["account"]).first).to_be_visible()
	expect(director.page.locator(".chart-wrapper .frappe-chart, .chart-wrapper svg").first).to_be_visible()
	director.wait_for_charts()
	rows = director.page.evaluate("() => frappe.query_report.data")
	allocated = sum(
		(row.get("allocated") or 0)
		for row in rows
		if row.get("account") == target["account"] and row.get("cost_center") == target["cost_center"]
	)
	assert allocated >= AMOUNT
	assert report.is_visible()
	director.shot("03-security-budget-vs-actual", full_page=True)
