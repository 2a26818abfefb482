# Copyright (c) 2026, isms_leadership contributors
# License: MIT. See license.txt

"""ISMS Actions: what management reviews decided, who owns it, when it is due, and whether
it was closed on time. One query whatever the number of actions."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import getdate, today

from isms_leadership.core.review import CLOSED, ActionStatus, is_overdue, on_time_rate
from isms_leadership.permissions import check_company

FIELDS = (
	"name",
	"description",
	"decision_type",
	"management_review",
	"owner_employee",
	"owner_name",
	"due_date",
	"status",
	"closed_on",
)


def execute(filters=None):
	filters = frappe._dict(filters or {})
	check_company(filters.get("company"))
	rows = get_rows(filters)
	return columns(), rows, None, chart(rows), summary(rows)


def get_rows(filters) -> list[dict]:
	query_filters = {}
	for field in ("company", "management_review", "owner_employee", "status"):
		if filters.get(field):
			query_filters[field] = filters[field]
	day = getdate(today())
	rows = []
	for row in frappe.get_list(
		"ISMS Action",
		filters=query_filters,
		fields=list(FIELDS),
		order_by="management_review asc, owner_name asc, due_date asc",
	):
		status = ActionStatus(row.status)
		due = getdate(row.due_date) if row.due_date else None
		overdue = is_overdue(status, due, day)
		if filters.get("overdue_only") and not overdue:
			continue
		closed = getdate(row.closed_on) if row.closed_on else None
		rows.append(
			{
				**row,
				"overdue": int(overdue),
				"on_time": int(
					status is ActionStatus.COMPLETED and (due is None or (closed and closed <= due))
				),
			}
		)
	return rows


def columns() -> list[dict]:
	return [
		{
			"fieldname": "name",
			"label": _("Action"),
			"fieldtype": "Link",
			"options": "ISMS Action",
			"width": 150,
		},
		{"fieldname": "description", "label": _("Description"), "fieldtype": "Data", "width": 260},
		{"fieldname": "decision_type", "label": _("Type"), "fieldtype": "Data", "width": 150},
		{
			"fieldname": "management_review",
			"label": _("Source Review"),
			"fieldtype": "Link",
			"options": "Management Review",
			"width": 150,
		},
		{"fieldname": "owner_name", "label": _("Owner"), "fieldtype": "Data", "width": 140},
		{"fieldname": "due_date", "label": _("Due"), "fieldtype": "Date", "width": 100},
		{"fieldname": "status", "label": _("Status"), "fieldtype": "Data", "width": 100},
		{"fieldname": "overdue", "label": _("Overdue"), "fieldtype": "Check", "width": 80},
		{"fieldname": "closed_on", "label": _("Closed On"), "fieldtype": "Date", "width": 100},
		{"fieldname": "on_time", "label": _("On Time"), "fieldtype": "Check", "width": 80},
	]


def chart(rows):
	if not rows:
		return None
	labels = [s.value for s in ActionStatus]
	return {
		"data": {
			"labels": [_(label) for label in labels],
			"datasets": [
				{"name": _("Actions"), "values": [sum(1 for r in rows if r["status"] == s) for s in labels]}
			],
		},
		"type": "donut",
	}


def summary(rows) -> list[dict]:
	closed = {s.value for s in CLOSED}
	overdue = sum(r["overdue"] for r in rows)
	rate = on_time_rate(
		(
			getdate(r["due_date"]) if r["due_date"] else None,
			getdate(r["closed_on"]) if r["closed_on"] else None,
		)
		for r in rows
		if r["status"] == ActionStatus.COMPLETED.value
	)
	return [
		{
			"label": _("Open"),
			"value": sum(1 for r in rows if r["status"] not in closed),
			"datatype": "Int",
			"indicator": "Orange",
		},
		{
			"label": _("Overdue"),
			"value": overdue,
			"datatype": "Int",
			"indicator": "Red" if overdue else "Green",
		},
		{
			"label": _("Completed"),
			"value": sum(1 for r in rows if r["status"] == ActionStatus.COMPLETED.value),
			"datatype": "Int",
			"indicator": "Green",
		},
		{"label": _("Completed on Time"), "value": rate or 0, "datatype": "Percent", "indicator": "Blue"},
	]
