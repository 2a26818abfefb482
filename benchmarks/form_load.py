"""Loading the form of each doctype of the app with the largest related data.

Run from a checkout against a bench site:

    ~/frappe-bench/env/bin/python benchmarks/form_load.py --site isms-bench.localhost

Measures what the desk asks for when a form opens: ``frappe.desk.form.load.getdoc`` (the
document, its onload data and docinfo) and, where the doctype shows connections,
``frappe.desk.notifications.get_open_count``; for Resource Allocation also its
``budget_figures``, which the form asks for once it is open. The company has 10,000 employees, 20,000
assignments of one ISMS Role, a policy with 10,000 acknowledgements and 1,000,000 expense
GL entries on the security cost centers (``--entries N`` to change); on top of it an
employee with 200 assignments over the years, a resource allocation of 180 lines and 200
people on the group cost center, a management review with 30 attendees, 1,000 carried
actions and 200 decisions, an objective with 60 measurements, a communication plan row with
100 communications and an evidence pack with a manifest of 300 files. Prints one table. The
data is written in one transaction and rolled back at the end.
"""

from __future__ import annotations

import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import COMPANY, connect, desk_call, load_form, measure, print_row

#: what the Resource Allocation form asks for once it is open (its spending)
BUDGET_FIGURES = "isms_leadership.isms_leadership.doctype.resource_allocation.api.budget_figures"

HISTORY = 200
ALLOCATION_PEOPLE = 200
ATTENDEES = 30
CARRIED_ACTIONS = 1_000
DECISIONS = 200
MEASUREMENTS = 60
COMMUNICATIONS = 100
PACK_FILES = 300


def insert_rows(frappe, doctype: str, rows: list[dict]):
	"""Write ``rows`` (dicts with the same keys) in bulk, with the standard columns."""
	now = frappe.utils.now()
	standard = {"creation": now, "modified": now, "owner": "Administrator", "modified_by": "Administrator"}
	rows = [{**standard, **row} for row in rows]
	fields = list(rows[0])
	frappe.db.bulk_insert(doctype, fields, [tuple(row[f] for f in fields) for row in rows])


def assignment_row(now, name, employee, role, start, end, status="Ended", top: bool = False) -> dict:
	"""An approved Role Assignment; ``top``: of a top-management role (fixed at approval)."""
	return {
		"name": name,
		"employee": employee,
		"employee_name": None,
		"company": COMPANY,
		"isms_role": role,
		"from_date": start,
		"to_date": end,
		"status": status,
		"docstatus": 1,
		"accepted_on": now,
		"workflow_state": "Approved",
		"is_top_management": int(top),
	}


def form_records(frappe, scale) -> list[tuple[str, str, str]]:
	"""Write the records whose forms are loaded; return (doctype, name, what it holds)."""
	today, now = date.today(), frappe.utils.now()
	employees = scale.employees
	roles = frappe.get_all("ISMS Role", pluck="name", order_by="name")
	top = frappe.db.get_value("ISMS Role", {"is_top_management": 1}, "name")
	records = []

	# the ISMS Role with the most assignments, and an employee with a long history
	counts = frappe.get_all(
		"Role Assignment",
		filters={"company": COMPANY},
		fields=["isms_role", "count(name) as n"],
		group_by="isms_role",
		order_by="n desc",
		limit=1,
	)
	if counts:
		role = counts[0]
		records.append(("ISMS Role", role.isms_role, f"{role.n:,} assignments"))
	veteran = employees[1]
	history = [
		assignment_row(
			now,
			f"BENCH-RA-H-{i:04d}",
			veteran,
			roles[i % len(roles)],
			today - timedelta(days=40 * (i + 1)),
			today - timedelta(days=40 * i + 1),
		)
		for i in range(HISTORY)
	]
	insert_rows(frappe, "Role Assignment", history)
	held = frappe.db.count("Role Assignment", {"employee": veteran})
	records.append(("Employee", veteran, f"{held:,} role assignments"))
	records.append(("Role Assignment", history[0]["name"], "one of them"))

	# the policy with the most acknowledgements
	policy = scale.policies[0]
	asked = frappe.db.count("Policy Acknowledgement", {"security_policy": policy})
	records.append(("Security Policy", policy, f"{asked:,} acknowledgements"))
	ack = frappe.db.get_value("Policy Acknowledgement", {"security_policy": policy}, "name")
	records.append(("Policy Acknowledgement", ack, "one of them"))

	# a resource allocation of many lines and people on the group cost center
	fiscal_year, _start, _end, accounts, _children, group = scale.ledger
	categories = (
		"Personnel",
		"Training & Awareness",
		"Tools & Technology",
		"External Services",
		"Audit & Certification",
		"Other",
	)
	allocation = frappe.get_doc(
		{
			"doctype": "Resource Allocation",
			"purpose": "Benchmark: the whole security programme",
			"company": COMPANY,
			"fiscal_year": fiscal_year,
			"cost_center": group,
			"budget_action": "Warn",
			"lines": [
				{"category": c, "account": a, "amount": 10_000, "description": f"{c} on {a}"}
				for a in accounts
				for c in categories
			],
			"people": [
				{"employee": e, "time_share": 10, "from_date": today - timedelta(days=90)}
				for e in employees[100 : 100 + ALLOCATION_PEOPLE]
			],
		}
	).insert(ignore_permissions=True)  # benchmark data: the form is measured, not the rights
	allocation.db_set({"docstatus": 1, "status": "Approved", "workflow_state": "Approved"})
	records.append(
		(
			"Resource Allocation",
			allocation.name,
			f"{len(allocation.lines)} lines, {len(allocation.people)} people, {scale.gl_rows:,} GL rows",
		)
	)

	# a management review: a completed one left open actions, the next one carries them
	chair = employees[2]
	insert_rows(
		frappe,
		"Role Assignment",
		[
			assignment_row(
				now, "BENCH-RA-CHAIR", chair, top, today - timedelta(days=400), None, "Active", True
			)
		],
	)
	insert_rows(
		frappe,
		"Management Review",
		[
			{
				"name": "BENCH-MR-PREVIOUS",
				"naming_series": "ISMS-MR-.YYYY.-",
				"title": "Benchmark previous review",
				"company": COMPANY,
				"review_date": today - timedelta(days=180),
				"chair": chair,
				"status": "Completed",
				"workflow_state": "Completed",
				"docstatus": 1,
			}
		],
	)
	insert_rows(
		frappe,
		"ISMS Action",
		[
			{
				"name": f"BENCH-ACT-{i:05d}",
				"naming_series": "ISMS-ACT-.YYYY.-",
				"description": f"Benchmark action {i}",
				"decision_type": "Improvement Opportunity",
				"company": COMPANY,
				"management_review": "BENCH-MR-PREVIOUS",
				"status": "Open" if i % 3 else "In Progress",
				"overdue": int(i % 5 == 0),
				"owner_employee": employees[i % len(employees)],
				"owner_name": f"Bench {i % len(employees)}",
				"due_date": today + timedelta(days=i % 200 - 50),
			}
			for i in range(CARRIED_ACTIONS)
		],
	)
	review = frappe.get_doc(
		{
			"doctype": "Management Review",
			"title": "Benchmark review",
			"company": COMPANY,
			"review_date": today,
			"chair": chair,
			"attendees": [{"employee": e, "attended": 1} for e in [chair, *employees[3 : 2 + ATTENDEES]]],
			"decisions": [
				{
					"decision_type": "Improvement Opportunity",
					"description": f"Decision {i}",
					"owner_employee": employees[i],
					"due_date": today + timedelta(days=90),
				}
				for i in range(DECISIONS)
			],
		}
	).insert(ignore_permissions=True)  # benchmark data: the form is measured, not the rights
	records.append(
		(
			"Management Review",
			review.name,
			f"{len(review.attendees)} attendees, {len(review.inputs)} inputs, "
			f"{len(review.carried_actions):,} carried actions, {len(review.decisions)} decisions",
		)
	)
	records.append(("ISMS Action", "BENCH-ACT-00001", "one of the carried actions"))
	records.append(("ISMS Settings", "ISMS Settings", "the single"))

	# the records of leadership in practice
	owner = employees[5]
	insert_rows(
		frappe,
		"Security Objective",
		[
			{
				"name": "BENCH-OBJ-00001",
				"objective": "Reduce the phishing click rate",
				"company": COMPANY,
				"security_policy": policy,
				"status": "On track",
				"owner_employee": owner,
				"owner_name": "Bench 5",
				"due_date": today + timedelta(days=300),
				"plan": "Monthly simulations.",
				"evaluation": "Click rate.",
				"metric": "Click rate",
				"unit": "%",
				"target": 5,
				"direction": "Lower is better",
				"measurement_frequency": "Monthly",
				"measuring_since": today - timedelta(days=30 * MEASUREMENTS),
				"docstatus": 1,
			}
		],
	)
	insert_rows(
		frappe,
		"Security Objective Measurement",
		[
			{
				"name": f"BENCH-OBJM-{i:04d}",
				"parent": "BENCH-OBJ-00001",
				"parenttype": "Security Objective",
				"parentfield": "measurements",
				"idx": i + 1,
				"docstatus": 1,
				"measured_on": today - timedelta(days=30 * (MEASUREMENTS - i)),
				"value": 20 - i * 0.25,
			}
			for i in range(MEASUREMENTS)
		],
	)
	records.append(("Security Objective", "BENCH-OBJ-00001", f"{MEASUREMENTS} measurements"))
	insert_rows(
		frappe,
		"ISMS Planned Communication",
		[
			{
				"name": "BENCH-CPL-00001",
				"what": "Security newsletter",
				"company": COMPANY,
				"audience": "All employees",
				"trigger": "Frequency",
				"frequency": "Monthly",
				"channel": "Newsletter",
				"responsible_role": roles[0],
				"planned_since": today - timedelta(days=31 * COMMUNICATIONS),
				"active": 1,
			}
		],
	)
	insert_rows(
		frappe,
		"ISMS Communication",
		[
			{
				"name": f"BENCH-COM-{i:05d}",
				"naming_series": "ISMS-COM-.YYYY.-",
				"topic": f"Newsletter {i}",
				"company": COMPANY,
				"communicated_on": today - timedelta(days=31 * i),
				"planned_communication": "BENCH-CPL-00001",
				"audience": "All employees",
				"channel": "Newsletter",
				"sender": owner,
				"sender_name": "Bench 5",
				"attachment": "/private/files/newsletter.pdf",
				"summary": "The month in security.",
			}
			for i in range(COMMUNICATIONS)
		],
	)
	records.append(("ISMS Planned Communication", "BENCH-CPL-00001", f"{COMMUNICATIONS} communications"))
	records.append(("ISMS Communication", "BENCH-COM-00001", "one of them"))
	insert_rows(
		frappe,
		"ISMS Awareness Record",
		[
			{
				"name": "BENCH-AWR-00001",
				"naming_series": "ISMS-AWR-.YYYY.-",
				"employee": owner,
				"employee_name": "Bench 5",
				"company": COMPANY,
				"course": "Security awareness",
				"completed_on": today,
			}
		],
	)
	records.append(("ISMS Awareness Record", "BENCH-AWR-00001", "one record"))
	manifest = "\n".join(f"{i:04d}.pdf  {'0' * 64}" for i in range(PACK_FILES))
	insert_rows(
		frappe,
		"ISMS Evidence Pack",
		[
			{
				"name": "BENCH-PACK-00001",
				"company": COMPANY,
				"from_date": today - timedelta(days=365),
				"to_date": today,
				"status": "Ready",
				"built_on": frappe.utils.now(),
				"file_count": PACK_FILES,
				"manifest": manifest,
			}
		],
	)
	records.append(("ISMS Evidence Pack", "BENCH-PACK-00001", f"manifest of {PACK_FILES} files"))
	return records


def form_rows(frappe, records) -> list[tuple[str, dict]]:
	"""Load each form as the desk does; print and return the labelled figures."""
	rows = []
	for doctype, name, holds in records:
		counts = load_form(frappe, doctype, name)
		shown = ""
		if counts:
			found = counts.get("count") or {}
			connected = {
				c["doctype"]: c["count"]
				for c in [*found.get("external_links_found", []), *found.get("internal_links_found", [])]
				if c.get("count")
			}
			shown = (
				f"  connections: {connected}"
				if found
				else "  connections: none shown (a count took over 1 s)"
			)
		rows.append((f"{doctype} ({holds})", measure(frappe, load_form, frappe, doctype, name)))
		print_row(*rows[-1])
		if shown:
			print(shown)
		if doctype == "Resource Allocation":
			rows.append(
				(
					"  its budget_figures, asked after it opens",
					measure(frappe, desk_call, frappe, BUDGET_FIGURES, allocation=name),
				)
			)
			print_row(*rows[-1])
	return rows


def main():
	frappe, _args, extra = connect(__doc__.splitlines()[0])
	from scale import build

	entries = int(extra[extra.index("--entries") + 1]) if "--entries" in extra else 1_000_000
	print(f"Form load benchmark on {frappe.local.site}; frappe {frappe.__version__}")
	try:
		scale = build(frappe, roles=["Asset Owner"], policies=1, entries=entries)
		started = time.perf_counter()
		records = form_records(frappe, scale)
		print(f"Form records written in {time.perf_counter() - started:.1f} s")
		form_rows(frappe, records)
	finally:
		started = time.perf_counter()
		frappe.db.rollback()
		print(f"Rolled back in {time.perf_counter() - started:.1f} s")
		frappe.destroy()


if __name__ == "__main__":
	main()
