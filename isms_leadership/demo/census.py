"""What the demo company holds, counted before and after a run (for the summary and for
"nothing changed"), and the summary the loader prints."""

from __future__ import annotations

import frappe
from frappe.query_builder.functions import Count, Max

from isms_leadership.demo.base import COMPANY, DOMAIN, Demo
from isms_leadership.demo.people import LOGINS, PEOPLE

#: what the demo company holds, for the summary and for "nothing changed"
CENSUS = (
	"Employee",
	"User",
	"Role Assignment",
	"Security Policy",
	"Policy Acknowledgement",
	"Resource Allocation",
	"Budget",
	"Journal Entry",
	"GL Entry",
	"Management Review",
	"ISMS Action",
	"Security Objective",
	"ISMS Planned Communication",
	"ISMS Communication",
	"ISMS Awareness Record",
	"ToDo",
)


def census() -> dict[str, tuple[int, str]]:
	"""(count, latest modification) of the demo's records per doctype."""
	counts = {}
	for doctype in CENSUS:
		table = frappe.qb.DocType(doctype)
		if doctype == "User":
			condition = table.name.like(f"%@{DOMAIN}")
		elif doctype == "ToDo":
			condition = table.allocated_to.like(f"%@{DOMAIN}")
		else:
			condition = table.company == COMPANY
		count, latest = (
			frappe.qb.from_(table).select(Count("*"), Max(table.modified)).where(condition).run()[0]
		)
		counts[doctype] = (count, str(latest or ""))
	return counts


def report(result: dict, demo: Demo) -> None:
	log = demo.log
	log(f"ISMS demo: {COMPANY} (today is {frappe.format(demo.today, 'Date')})")
	if result["changed"]:
		width = max(len(d) for d in result["totals"])
		for doctype, total in result["totals"].items():
			made = result["made"].get(doctype, 0)
			if made or total:
				log(f"  {doctype:<{width}}  {made:>5} made, {total:>6} in the demo company")
		for doctype, count in result["made"].items():
			if doctype not in result["totals"]:
				log(f"  {doctype:<{width}}  {count:>5} made")
		log(f"  Policy acknowledgements given by their employees in this run: {result['acknowledged']}")
	else:
		log("  Nothing to do: the demo is complete; nothing was created or changed.")
	for message in result["refusals"]:
		log(f"  Refused, as it must be: {message}")
	log(f'Logins (password "{demo.password}"):')
	for user, about in result["logins"]:
		log(f"  {user:<28} {about}")
	log(f"  and {len(PEOPLE) - len(LOGINS)} more employees, first.last@{DOMAIN}")
