# Copyright (c) 2026, isms_leadership contributors
# License: MIT. See license.txt

"""Role Coverage: for each ISMS role and company, holders, deputies, vacancies and gaps.

Three queries whatever the number of roles, assignments or companies: the roles, their
conflicts, and the approved assignments held or scheduled today.
"""

from __future__ import annotations

import frappe
from frappe import _

from isms_leadership.core.coverage import mandatory_filled
from isms_leadership.permissions import check_company
from isms_leadership.queries.coverage import coverage_rows


def execute(filters=None):
	filters = frappe._dict(filters or {})
	check_company(filters.get("company"))
	rows = coverage_rows(filters)
	filled, mandatory = mandatory_filled(rows)
	data = [row_dict(r) for r in rows]
	return columns(), data, None, chart(rows), summary(rows, filled, mandatory)


def row_dict(r) -> dict:
	return {
		"isms_role": r.role,
		"company": r.company,
		"is_mandatory": int(r.is_mandatory),
		"minimum_holders": r.minimum_holders,
		"active_holders": r.active_holders,
		"deputies": r.deputies,
		"vacancies": r.vacancies,
		"expiring": r.expiring,
		"scheduled": r.scheduled,
		"not_accepted": r.not_accepted,
		"without_deputy": r.without_deputy,
		"conflicts": r.conflicts,
	}


def columns():
	def int_col(fieldname, label, width=110):
		return {"fieldname": fieldname, "label": label, "fieldtype": "Int", "width": width}

	return [
		{
			"fieldname": "isms_role",
			"label": _("ISMS Role"),
			"fieldtype": "Link",
			"options": "ISMS Role",
			"width": 220,
		},
		{
			"fieldname": "company",
			"label": _("Company"),
			"fieldtype": "Link",
			"options": "Company",
			"width": 160,
		},
		{"fieldname": "is_mandatory", "label": _("Mandatory"), "fieldtype": "Check", "width": 90},
		int_col("minimum_holders", _("Minimum")),
		int_col("active_holders", _("Active Holders")),
		int_col("deputies", _("Deputies")),
		int_col("vacancies", _("Vacancies")),
		int_col("expiring", _("Expiring")),
		int_col("scheduled", _("Scheduled")),
		int_col("not_accepted", _("Not Accepted")),
		int_col("without_deputy", _("Without Required Deputy"), 170),
		int_col("conflicts", _("Conflicts")),
	]


def chart(rows):
	if not rows:
		return None
	labels = [r.role if len({x.company for x in rows}) == 1 else f"{r.role} ({r.company})" for r in rows]
	return {
		"data": {
			"labels": labels,
			"datasets": [
				{"name": _("Minimum"), "values": [r.minimum_holders for r in rows]},
				{"name": _("Active Holders"), "values": [r.active_holders for r in rows]},
			],
		},
		"type": "bar",
		"colors": ["#c0c6cc", "#5e64ff"],
	}


def summary(rows, filled, mandatory):
	return [
		{
			"value": _("{0} of {1}").format(filled, mandatory),
			"label": _("Mandatory Roles Filled"),
			"indicator": "Green" if filled == mandatory else "Red",
			"datatype": "Data",
		},
		{
			"value": sum(r.vacancies for r in rows),
			"label": _("Vacancies"),
			"indicator": "Red" if any(r.vacancies for r in rows) else "Green",
			"datatype": "Int",
		},
		{
			"value": sum(r.not_accepted for r in rows),
			"label": _("Not Accepted"),
			"indicator": "Orange" if any(r.not_accepted for r in rows) else "Green",
			"datatype": "Int",
		},
		{
			"value": sum(r.conflicts for r in rows),
			"label": _("Conflicts"),
			"indicator": "Red" if any(r.conflicts for r in rows) else "Green",
			"datatype": "Int",
		},
	]
