# Copyright (c) 2026, isms_leadership contributors
# License: MIT. See license.txt

"""Leadership Awareness (7.3, 5.1): every holder of a top-management ISMS role, whether they
completed security awareness within the last twelve months and acknowledged the
information security policy in force. Leaders lead by example."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import getdate, today

from isms_leadership.core.practice import AwarenessState, awareness_expires, awareness_state
from isms_leadership.permissions import check_company
from isms_leadership.queries.practice import hrms_training_available, leader_awareness
from isms_leadership.settings import get_settings


def execute(filters=None):
	filters = frappe._dict(filters or {})
	company = filters.get("company") or frappe.defaults.get_user_default("Company")
	if not company:
		frappe.throw(_("Choose a company."), title=_("Company Needed"))
	frappe.has_permission("Role Assignment", "read", throw=True)
	check_company(company, doctype="Role Assignment")
	rows = get_rows(company, getdate(filters.get("date") or today()))
	message = None
	if not hrms_training_available():
		message = _("HRMS is not installed: awareness comes from ISMS Awareness Records only.")
	return columns(), rows, message, None, summary(rows)


def get_rows(company: str, day) -> list[dict]:
	lead = get_settings().reminder_lead_days
	rows = []
	for leader in leader_awareness(company, day):
		state = awareness_state(leader.last_completed, day, lead)
		rows.append(
			{
				"employee": leader.employee,
				"employee_name": leader.employee_name,
				"isms_roles": leader.isms_roles,
				"last_completed": leader.last_completed,
				"source": _(leader.source) if leader.source else None,
				"expires_on": awareness_expires(leader.last_completed),
				"awareness": state.value,
				"top_policy": leader.top_policy,
				"acknowledged": int(bool(leader.acknowledged_top_policy)),
				"ok": int(
					state in (AwarenessState.CURRENT, AwarenessState.LAPSING)
					and leader.acknowledged_top_policy is not False
				),
			}
		)
	return rows


def columns() -> list[dict]:
	return [
		{"fieldname": "employee", "label": _("Employee"), "fieldtype": "Data", "width": 120},
		{"fieldname": "employee_name", "label": _("Name"), "fieldtype": "Data", "width": 170},
		{"fieldname": "isms_roles", "label": _("Top-management Roles"), "fieldtype": "Data", "width": 170},
		{"fieldname": "last_completed", "label": _("Awareness Completed"), "fieldtype": "Date", "width": 140},
		{"fieldname": "source", "label": _("Recorded As"), "fieldtype": "Data", "width": 150},
		{"fieldname": "expires_on", "label": _("Counts Until"), "fieldtype": "Date", "width": 110},
		{"fieldname": "awareness", "label": _("Awareness"), "fieldtype": "Data", "width": 100},
		{"fieldname": "top_policy", "label": _("Policy in Force"), "fieldtype": "Data", "width": 140},
		{"fieldname": "acknowledged", "label": _("Acknowledged"), "fieldtype": "Check", "width": 110},
		{"fieldname": "ok", "label": _("Leads by Example"), "fieldtype": "Check", "width": 130},
	]


def summary(rows: list[dict]) -> list[dict]:
	ok = sum(1 for r in rows if r["ok"])
	return [
		{"value": len(rows), "label": _("Top-management Holders"), "datatype": "Int", "indicator": "Blue"},
		{"value": ok, "label": _("Aware and Acknowledged"), "datatype": "Int", "indicator": "Green"},
		{
			"value": len(rows) - ok,
			"label": _("Lacking"),
			"datatype": "Int",
			"indicator": "Red" if len(rows) - ok else "Green",
		},
	]
