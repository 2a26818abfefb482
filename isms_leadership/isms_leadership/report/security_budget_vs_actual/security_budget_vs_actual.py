# Copyright (c) 2026, isms_leadership contributors
# License: MIT. See license.txt

"""Security Budget vs Actual: what top management allocated, what the ERPNext Budget holds
and what the General Ledger shows as spent, per cost center, category and account.

Five queries whatever the number of budget lines or ledger entries: the fiscal year, the
approved allocation lines, the Budget lines, the cost centers of each subtree and one
aggregate over GL Entry (read from the app's index), rolled up to each cost center asked for.
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import getdate

from isms_leadership.core.budget import money, periods, utilisation
from isms_leadership.permissions import check_company
from isms_leadership.queries.budget import budget_rows, current_fiscal_year, period_field


def execute(filters=None):
	filters = frappe._dict(filters or {})
	if filters.get("company") and not filters.get("fiscal_year"):
		# a chart or link that names no year means this one (ERPNext keeps no user default)
		filters.fiscal_year = current_fiscal_year(filters.company)
	for required in ("company", "fiscal_year"):
		if not filters.get(required):
			frappe.throw(_("Choose a {0}.").format(_(frappe.unscrub(required))), title=_("Filter Missing"))
	check_company(filters.company, doctype="Resource Allocation")
	filters.period = filters.get("period") or "Yearly"
	start, end = frappe.db.get_value("Fiscal Year", filters.fiscal_year, ["year_start_date", "year_end_date"])
	all_periods = periods(getdate(start), getdate(end), filters.period)
	rows = budget_rows(filters, getdate(start), getdate(end), all_periods)
	return columns(all_periods), rows, None, chart(rows, all_periods), summary(rows)


def columns(all_periods) -> list[dict]:
	# Cost center and account as text, not links: directors and auditors read the security
	# budget without rights on the chart of accounts, which Frappe demands for link columns.
	cols = [
		{"fieldname": "cost_center", "label": _("Cost Center"), "fieldtype": "Data", "width": 160},
		{"fieldname": "category", "label": _("Category"), "fieldtype": "Data", "width": 160},
		{"fieldname": "account", "label": _("Account"), "fieldtype": "Data", "width": 200},
		{"fieldname": "allocated", "label": _("Allocated"), "fieldtype": "Currency", "width": 120},
		{"fieldname": "budget", "label": _("ERPNext Budget"), "fieldtype": "Currency", "width": 120},
		{"fieldname": "actual", "label": _("Actual"), "fieldtype": "Currency", "width": 120},
		{"fieldname": "variance", "label": _("Variance"), "fieldtype": "Currency", "width": 120},
		{"fieldname": "utilisation", "label": _("Utilisation (%)"), "fieldtype": "Percent", "width": 110},
	]
	if len(all_periods) > 1:
		cols += [
			{
				"fieldname": period_field(p),
				"label": _("Actual {0}").format(p.key),
				"fieldtype": "Currency",
				"width": 120,
			}
			for p in all_periods
		]
	return cols


def chart(rows, all_periods):
	if not rows:
		return None
	allocated = sum(r["allocated"] for r in rows)
	days = sum((p.end - p.start).days + 1 for p in all_periods)
	return {
		"data": {
			"labels": [p.key for p in all_periods],
			"datasets": [
				{
					"name": _("Allocated (pro rata)"),
					"values": [money(allocated * ((p.end - p.start).days + 1) / days) for p in all_periods],
				},
				{
					"name": _("Actual"),
					"values": [money(sum(r[period_field(p)] for r in rows)) for p in all_periods],
				},
			],
		},
		"type": "bar",
		"fieldtype": "Currency",
	}


def summary(rows) -> list[dict]:
	allocated = money(sum(r["allocated"] for r in rows))
	spent = money(sum(r["actual"] for r in rows))
	used = utilisation(spent, allocated)
	return [
		{"label": _("Total Allocated"), "value": allocated, "datatype": "Currency", "indicator": "Blue"},
		{"label": _("Spent"), "value": spent, "datatype": "Currency", "indicator": "Orange"},
		{
			"label": _("Utilisation"),
			"value": used or 0,
			"datatype": "Percent",
			"indicator": "Red" if used and used > 100 else "Green",
		},
	]
