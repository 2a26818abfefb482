"""Hourly: the spending of each company's security budget is read again from the General
Ledger, so that the number card, Leadership Evidence and a review's facts answer from it at
once, showing when the ledger was read (``queries.budget.kept_actuals``)."""

from __future__ import annotations

import frappe
from frappe.utils import getdate, today

from isms_leadership.queries.evidence import budget_figures


def refresh_spending() -> list[str]:
	"""Read the ledger again for every company with an approved allocation. Returns them."""
	companies = frappe.get_all(
		"Resource Allocation", filters={"docstatus": 1}, pluck="company", distinct=True, order_by="company"
	)
	day = getdate(today())
	for company in companies:
		budget_figures(company, day, refresh=True)
	return companies
