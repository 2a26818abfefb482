# Copyright (c) 2026, isms_leadership contributors
# License: MIT. See license.txt

"""Objectives Status: each information security objective with its owner, target, latest
value and status (6.2, 9.3.2 d4); with one objective chosen, its trend against the target."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import getdate, today

from isms_leadership.core.practice import ObjectiveStatus
from isms_leadership.permissions import check_company
from isms_leadership.queries.practice import measurements_of, status_of

FIELDS = (
	"name",
	"objective",
	"company",
	"security_policy",
	"owner_employee",
	"owner_name",
	"metric",
	"unit",
	"target",
	"direction",
	"due_date",
	"measurement_frequency",
	"measuring_since",
	"tolerance",
	"creation",
	"docstatus",
	"workflow_state",
)


def execute(filters=None):
	filters = frappe._dict(filters or {})
	check_company(filters.get("company"))
	rows, measured = get_rows(filters)
	return columns(), rows, None, chart(rows, measured, filters), summary(rows)


def get_rows(filters) -> tuple[list[dict], dict]:
	query = {"docstatus": ["<", 2]}
	for field in ("company", "owner_employee", "security_policy"):
		if filters.get(field):
			query[field] = filters[field]
	if filters.get("objective"):
		query["name"] = filters.objective
	if not filters.get("include_drafts"):
		query["docstatus"] = 1
	objectives = frappe.get_list(
		"Security Objective", filters=query, fields=list(FIELDS), order_by="due_date asc, name asc"
	)
	measured = measurements_of([o.name for o in objectives])
	day = getdate(today())
	rows = []
	for o in objectives:
		points = measured.get(o.name, [])
		status = status_of(o, points, day)
		if filters.get("status") and status != filters.status:
			continue
		rows.append(
			{
				**o,
				"status": status,
				"latest_value": points[-1].value if points else None,
				"latest_measured_on": points[-1].day if points else None,
				"measurements": len(points),
				"approval": o.workflow_state or (_("Approved") if o.docstatus == 1 else _("Draft")),
			}
		)
	return rows, measured


def columns() -> list[dict]:
	return [
		{
			"fieldname": "name",
			"label": _("Objective"),
			"fieldtype": "Link",
			"options": "Security Objective",
			"width": 130,
		},
		{"fieldname": "objective", "label": _("Title"), "fieldtype": "Data", "width": 240},
		{"fieldname": "owner_name", "label": _("Owner"), "fieldtype": "Data", "width": 150},
		{"fieldname": "security_policy", "label": _("Policy"), "fieldtype": "Data", "width": 140},
		{"fieldname": "metric", "label": _("Metric"), "fieldtype": "Data", "width": 160},
		{"fieldname": "unit", "label": _("Unit"), "fieldtype": "Data", "width": 60},
		{"fieldname": "direction", "label": _("Direction"), "fieldtype": "Data", "width": 120},
		{"fieldname": "target", "label": _("Target"), "fieldtype": "Float", "width": 90},
		{"fieldname": "latest_value", "label": _("Latest Value"), "fieldtype": "Float", "width": 100},
		{"fieldname": "latest_measured_on", "label": _("Measured On"), "fieldtype": "Date", "width": 110},
		{"fieldname": "due_date", "label": _("Due Date"), "fieldtype": "Date", "width": 100},
		{"fieldname": "status", "label": _("Status"), "fieldtype": "Data", "width": 110},
		{"fieldname": "approval", "label": _("Approval"), "fieldtype": "Data", "width": 120},
	]


def chart(rows: list[dict], measured: dict, filters) -> dict | None:
	"""One objective: its measurements against the target. Several: how many per status."""
	if not rows:
		return None
	if len(rows) == 1 and measured.get(rows[0]["name"]):
		row, points = rows[0], measured[rows[0]["name"]]
		return {
			"data": {
				"labels": [frappe.format(p.day, "Date") for p in points],
				"datasets": [
					{"name": row["metric"], "values": [p.value for p in points]},
					{"name": _("Target"), "values": [row["target"]] * len(points)},
				],
			},
			"type": "line",
			"colors": ["#2490ef", "#cb2929"],
			"lineOptions": {"dotSize": 6},
		}
	statuses = [status.value for status in ObjectiveStatus]
	return {
		"data": {
			"labels": [_(status) for status in statuses],
			"datasets": [
				{
					"name": _("Objectives"),
					"values": [sum(1 for r in rows if r["status"] == s) for s in statuses],
				}
			],
		},
		"type": "bar",
		"colors": ["#2490ef"],
	}


def summary(rows: list[dict]) -> list[dict]:
	count = lambda status: sum(1 for r in rows if r["status"] == status)  # noqa: E731
	return [
		{"value": len(rows), "label": _("Objectives"), "datatype": "Int", "indicator": "Blue"},
		{
			"value": count("Achieved") + count("On track"),
			"label": _("Achieved or On Track"),
			"datatype": "Int",
			"indicator": "Green",
		},
		{"value": count("At risk"), "label": _("At Risk"), "datatype": "Int", "indicator": "Orange"},
		{"value": count("Off track"), "label": _("Off Track"), "datatype": "Int", "indicator": "Red"},
		{"value": count("Not measured"), "label": _("Not Measured"), "datatype": "Int", "indicator": "Grey"},
	]
