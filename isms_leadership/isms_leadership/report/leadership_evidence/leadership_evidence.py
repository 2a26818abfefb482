# Copyright (c) 2026, isms_leadership contributors
# License: MIT. See license.txt

"""Leadership Evidence: one row per requirement an auditor checks, of ISO/IEC 27001:2022
(5.1 to 10.1), NIS2 (Articles 20 and 21(2)) and DORA (Articles 5 and 6(5)), Met, At risk or
Gap, the reason in a sentence and links to the records that evidence it.

Which requirements there are is data (the catalogue, ISMS Requirement); the rules are pure
(isms_leadership.core.frameworks, core.evidence); the facts are gathered in one place
(isms_leadership.queries.evidence.evidence_facts) with a fixed number of queries. The
Framework filter shows one framework, or all those switched on for the company (ISMS
Settings).
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import get_url_to_form, get_url_to_report, getdate, today

from isms_leadership.core.evidence import Level
from isms_leadership.core.frameworks import FRAMEWORKS, scores
from isms_leadership.permissions import check_company
from isms_leadership.queries.evidence import framework_evidence
from isms_leadership.settings import get_settings

#: the Framework filter's value for every framework switched on for the company
ALL = "All"

INDICATOR = {Level.MET: "Green", Level.AT_RISK: "Orange", Level.GAP: "Red"}


def execute(filters=None):
	filters = frappe._dict(filters or {})
	if not filters.get("company"):
		frappe.throw(_("Choose a company."), title=_("Filter Missing"))
	check_company(filters.company)
	frameworks = chosen_frameworks(filters.company, filters.get("framework"))
	rows, assessed = get_rows(filters.company, getdate(filters.get("on_date") or today()), frameworks)
	return columns(), rows, message(filters.company, frameworks), chart(rows), summary(rows, assessed)


def chosen_frameworks(company: str, framework: str | None) -> tuple[str, ...]:
	"""One framework, or (All, or none chosen) those switched on for the company."""
	if framework and framework != ALL:
		if framework not in FRAMEWORKS:
			frappe.throw(
				_("{0} is not a framework of the app.").format(framework), title=_("Unknown Framework")
			)
		return (framework,)
	return get_settings().frameworks_of(company)


def get_rows(company: str, day, frameworks) -> tuple[list[dict], list]:
	facts, assessed = framework_evidence(company, day, frameworks)
	rows = []
	for requirement, finding in assessed:
		records = [record for key in requirement.links_keys(finding) for record in facts.links.get(key, [])]
		rows.append(
			{
				"framework": requirement.framework,
				"code": requirement.name,
				"requirement": requirement.reference,
				"title": _(requirement.title),
				"citation": requirement.citation,
				"status": _(finding.level.value),
				"level": finding.level.value,
				"reason": finding.text(_),
				"evidence": links_html(records),
			}
		)
	return rows, assessed


def message(company: str, frameworks) -> str | None:
	"""Says when a framework shown is not switched on for the company."""
	off = [f for f in frameworks if f not in get_settings().frameworks_of(company)]
	if not off:
		return None
	return _("{0} is not switched on for {1} in ISMS Settings: shown on request.").format(
		", ".join(off), company
	)


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
		{"fieldname": "framework", "label": _("Framework"), "fieldtype": "Data", "width": 130},
		{"fieldname": "requirement", "label": _("Requirement"), "fieldtype": "Data", "width": 110},
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


def summary(rows, assessed=()) -> list[dict]:
	"""Met, At risk and Gap, then the score (share met) of each framework shown."""
	counts = [
		{
			"label": _(level.value),
			"value": sum(1 for r in rows if r["level"] == level.value),
			"datatype": "Int",
			"indicator": INDICATOR[level],
		}
		for level in Level
	]
	return counts + [
		{
			"label": _("{0} score").format(_(score.framework)),
			"value": score.percent,
			"datatype": "Percent",
			"indicator": "Green"
			if not score.gaps and not score.at_risk
			else ("Red" if score.gaps else "Orange"),
		}
		for score in scores(assessed)
	]
