# Copyright (c) 2026, isms_leadership contributors
# License: MIT. See license.txt

"""Policy Register: each policy in its current version, with its approval, its review date
and how many of those asked have acknowledged it.

Two queries whatever the number of policies or acknowledgements: the versions the user may
read, and the acknowledgements of the current ones counted by status.
"""

from __future__ import annotations

import frappe
from frappe import _

from isms_leadership.core.policy import (
	register_summary,
)
from isms_leadership.permissions import check_company
from isms_leadership.queries.policies import register_rows
from isms_leadership.settings import get_settings


def execute(filters=None):
	filters = frappe._dict(filters or {})
	check_company(filters.get("company"))
	rows = register_rows(filters)
	return columns(), rows, None, chart(rows), summary(rows)


def columns() -> list[dict]:
	return [
		{
			"fieldname": "name",
			"label": _("Policy"),
			"fieldtype": "Link",
			"options": "Security Policy",
			"width": 150,
		},
		{"fieldname": "title", "label": _("Title"), "fieldtype": "Data", "width": 220},
		{"fieldname": "policy_type", "label": _("Type"), "fieldtype": "Data", "width": 170},
		{
			"fieldname": "company",
			"label": _("Company"),
			"fieldtype": "Link",
			"options": "Company",
			"width": 150,
		},
		{"fieldname": "version", "label": _("Version"), "fieldtype": "Int", "width": 70},
		{"fieldname": "status", "label": _("Status"), "fieldtype": "Data", "width": 110},
		{"fieldname": "policy_owner_name", "label": _("Owner"), "fieldtype": "Data", "width": 140},
		{
			"fieldname": "approved_by",
			"label": _("Approved By"),
			"fieldtype": "Link",
			"options": "User",
			"width": 160,
		},
		{"fieldname": "approved_on", "label": _("Approved On"), "fieldtype": "Datetime", "width": 150},
		{"fieldname": "next_review_due", "label": _("Next Review Due"), "fieldtype": "Date", "width": 120},
		{"fieldname": "review_state", "label": _("Review"), "fieldtype": "Data", "width": 100},
		{"fieldname": "review_overdue", "label": _("Review Overdue"), "fieldtype": "Check", "width": 80},
		{"fieldname": "asked", "label": _("Asked"), "fieldtype": "Int", "width": 80},
		{"fieldname": "acknowledged", "label": _("Acknowledged"), "fieldtype": "Int", "width": 110},
		{
			"fieldname": "overdue_acknowledgements",
			"label": _("Overdue Acknowledgements"),
			"fieldtype": "Int",
			"width": 110,
		},
		{
			"fieldname": "acknowledgement_rate",
			"label": _("Acknowledgement Rate"),
			"fieldtype": "Percent",
			"width": 120,
		},
		{
			"fieldname": "asked_without_user",
			"label": _("Asked Without a User"),
			"fieldtype": "Int",
			"width": 110,
		},
	]


def summary(rows) -> list[dict]:
	totals = register_summary(rows)
	average = totals.average_acknowledgement_rate
	return [
		{"label": _("Policies"), "value": totals.policies, "datatype": "Int", "indicator": "Blue"},
		{"label": _("Published"), "value": totals.published, "datatype": "Int", "indicator": "Green"},
		{
			"label": _("Overdue Reviews"),
			"value": totals.overdue_reviews,
			"datatype": "Int",
			"indicator": "Red" if totals.overdue_reviews else "Green",
		},
		{
			"label": _("Average Acknowledgement Rate"),
			"value": average if average is not None else 0,
			"datatype": "Percent",
			# the rate a policy in force should reach (ISMS Settings)
			"indicator": "Green"
			if average is None or average >= get_settings().acknowledgement_threshold
			else "Orange",
		},
	]


def chart(rows):
	published = [r for r in rows if r["acknowledgement_rate"] is not None]
	if not published:
		return None
	return {
		"data": {
			"labels": [r["title"] for r in published],
			"datasets": [
				{"name": _("Acknowledgement Rate"), "values": [r["acknowledgement_rate"] for r in published]}
			],
		},
		"type": "bar",
		"colors": ["#29cd42"],
	}
