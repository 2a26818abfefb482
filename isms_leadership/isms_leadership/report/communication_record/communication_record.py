# Copyright (c) 2026, isms_leadership contributors
# License: MIT. See license.txt

"""Communication Record (7.4, 5.1 d): the communication plan with when each row was last
fulfilled and when it is next due, or the communications of a period (optionally only
those sent by top management)."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import add_months, getdate, today

from isms_leadership.permissions import check_company
from isms_leadership.queries.practice import last_communications, plan_row_state, planned_rows


def execute(filters=None):
	filters = frappe._dict(filters or {})
	check_company(filters.get("company"))
	if (filters.get("show") or "Plan") == "Plan":
		rows = plan(filters)
		return plan_columns(), rows, None, None, plan_summary(rows)
	rows = communications(filters)
	return communication_columns(), rows, None, None, communication_summary(rows)


def plan(filters) -> list[dict]:
	frappe.has_permission("ISMS Planned Communication", "read", throw=True)
	rows = planned_rows(filters.get("company"))
	last = last_communications([r.name for r in rows])
	out = []
	for row in rows:
		state = plan_row_state(row, last.get(row.name))
		out.append(
			{
				"name": row.name,
				"what": row.what,
				"audience": _(row.audience) + (f" ({row.audience_detail})" if row.audience_detail else ""),
				"when": _(row.frequency) if row.trigger == "Frequency" else _("On: {0}").format(_(row.event)),
				"channel": _(row.channel),
				"responsible_role": row.responsible_role,
				**state,
			}
		)
	return out


def communications(filters) -> list[dict]:
	day = getdate(today())
	query = {
		"communicated_on": [
			"between",
			[
				getdate(filters.get("from_date") or add_months(day, -12)),
				getdate(filters.get("to_date") or day),
			],
		]
	}
	if filters.get("company"):
		query["company"] = filters.company
	if filters.get("top_management_only"):
		query["sender_is_top_management"] = 1
	return frappe.get_list(
		"ISMS Communication",
		filters=query,
		fields=[
			"name",
			"communicated_on",
			"topic",
			"audience",
			"channel",
			"sender_name",
			"sender_is_top_management",
			"planned_communication",
			"security_policy",
			"management_review",
			"security_objective",
			"newsletter",
			"email",
			"attachment",
		],
		order_by="communicated_on desc, name desc",
	)


def plan_columns() -> list[dict]:
	return [
		{
			"fieldname": "name",
			"label": _("Planned"),
			"fieldtype": "Link",
			"options": "ISMS Planned Communication",
			"width": 130,
		},
		{"fieldname": "what", "label": _("What"), "fieldtype": "Data", "width": 240},
		{"fieldname": "audience", "label": _("Audience"), "fieldtype": "Data", "width": 180},
		{"fieldname": "when", "label": _("When"), "fieldtype": "Data", "width": 160},
		{"fieldname": "channel", "label": _("How"), "fieldtype": "Data", "width": 110},
		{"fieldname": "responsible_role", "label": _("Responsible"), "fieldtype": "Data", "width": 170},
		{
			"fieldname": "last_communicated_on",
			"label": _("Last Fulfilled"),
			"fieldtype": "Date",
			"width": 110,
		},
		{"fieldname": "next_due", "label": _("Next Due"), "fieldtype": "Date", "width": 110},
		{"fieldname": "overdue", "label": _("Overdue"), "fieldtype": "Check", "width": 80},
	]


def communication_columns() -> list[dict]:
	return [
		{
			"fieldname": "name",
			"label": _("Communication"),
			"fieldtype": "Link",
			"options": "ISMS Communication",
			"width": 150,
		},
		{"fieldname": "communicated_on", "label": _("Date"), "fieldtype": "Date", "width": 100},
		{"fieldname": "topic", "label": _("Topic"), "fieldtype": "Data", "width": 220},
		{"fieldname": "audience", "label": _("Audience"), "fieldtype": "Data", "width": 130},
		{"fieldname": "channel", "label": _("Channel"), "fieldtype": "Data", "width": 100},
		{"fieldname": "sender_name", "label": _("Sender"), "fieldtype": "Data", "width": 150},
		{
			"fieldname": "sender_is_top_management",
			"label": _("Top Management"),
			"fieldtype": "Check",
			"width": 120,
		},
		{"fieldname": "planned_communication", "label": _("Planned"), "fieldtype": "Data", "width": 130},
		{"fieldname": "security_policy", "label": _("Policy"), "fieldtype": "Data", "width": 130},
		{"fieldname": "newsletter", "label": _("Newsletter"), "fieldtype": "Data", "width": 130},
		{"fieldname": "email", "label": _("Email"), "fieldtype": "Data", "width": 110},
		{"fieldname": "attachment", "label": _("Attachment"), "fieldtype": "Data", "width": 160},
	]


def plan_summary(rows: list[dict]) -> list[dict]:
	overdue = sum(1 for r in rows if r["overdue"])
	return [
		{"value": len(rows), "label": _("Planned Communications"), "datatype": "Int", "indicator": "Blue"},
		{
			"value": overdue,
			"label": _("Overdue"),
			"datatype": "Int",
			"indicator": "Red" if overdue else "Green",
		},
	]


def communication_summary(rows: list[dict]) -> list[dict]:
	top = sum(1 for r in rows if r.sender_is_top_management)
	return [
		{"value": len(rows), "label": _("Communications"), "datatype": "Int", "indicator": "Blue"},
		{
			"value": top,
			"label": _("By Top Management"),
			"datatype": "Int",
			"indicator": "Green" if top else "Orange",
		},
	]
