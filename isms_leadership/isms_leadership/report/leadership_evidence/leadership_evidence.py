# Copyright (c) 2026, isms_leadership contributors
# License: MIT. See license.txt

"""Leadership Evidence: one row per requirement an auditor checks (5.1 to 10.1), Met, At
risk or Gap, the reason in a sentence and links to the records that evidence it.

The rules are pure (isms_leadership.core.evidence); the facts are gathered in one place
(isms_leadership.evidence.evidence_facts) with a fixed number of queries.
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import get_url_to_form, get_url_to_report, getdate, today

from isms_leadership.core.evidence import Level, assess
from isms_leadership.permissions import check_company
from isms_leadership.queries.evidence import evidence_facts

INDICATOR = {Level.MET: "Green", Level.AT_RISK: "Orange", Level.GAP: "Red"}


def execute(filters=None):
	filters = frappe._dict(filters or {})
	if not filters.get("company"):
		frappe.throw(_("Choose a company."), title=_("Filter Missing"))
	check_company(filters.company)
	rows = get_rows(filters.company, getdate(filters.get("on_date") or today()))
	return columns(), rows, None, chart(rows), summary(rows)


def get_rows(company: str, day) -> list[dict]:
	facts = evidence_facts(company, day)
	rows = []
	for code, title, finding in assess(facts):
		records = [record for key in finding.evidence for record in facts.links.get(key, [])]
		rows.append(
			{
				"requirement": code,
				"title": _(title),
				"status": _(finding.level.value),
				"level": finding.level.value,
				"reason": finding.text(_),
				"evidence": links_html(records),
			}
		)
	return rows


def links_html(records) -> str:
	seen, out = set(), []
	for doctype, name in records:
		if (doctype, name) in seen:
			continue
		seen.add((doctype, name))
		url = (
			get_url_to_report(name, "Script Report", "Report")
			if doctype == "Report"
			else get_url_to_form(doctype, name)
		)
		out.append(f'<a href="{frappe.utils.escape_html(url)}">{frappe.utils.escape_html(_(name))}</a>')
	return ", ".join(out)


def columns() -> list[dict]:
	return [
		{"fieldname": "requirement", "label": _("Requirement"), "fieldtype": "Data", "width": 100},
		{"fieldname": "title", "label": _("Title"), "fieldtype": "Data", "width": 280},
		{"fieldname": "status", "label": _("Status"), "fieldtype": "Data", "width": 90},
		{"fieldname": "reason", "label": _("Reason"), "fieldtype": "Data", "width": 420},
		{"fieldname": "evidence", "label": _("Evidence"), "fieldtype": "HTML", "width": 300},
	]


def chart(rows):
	return {
		"data": {
			"labels": [_(level.value) for level in Level],
			"datasets": [
				{
					"name": _("Requirements"),
					"values": [sum(1 for r in rows if r["level"] == level.value) for level in Level],
				}
			],
		},
		"type": "donut",
		"colors": ["#29cd42", "#ffa00a", "#e24c4c"],
	}


def summary(rows) -> list[dict]:
	return [
		{
			"label": _(level.value),
			"value": sum(1 for r in rows if r["level"] == level.value),
			"datatype": "Int",
			"indicator": INDICATOR[level],
		}
		for level in Level
	]
