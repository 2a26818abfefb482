"""Preparing a management review and judging leadership evidence for a large company.

Run from a checkout against a bench site:

    ~/frappe-bench/env/bin/python benchmarks/review_preparation.py --site isms-test.localhost

The company has 10,000 employees with 20,000 ISMS role assignments, 500 published policies
with 20 acknowledgements each, a security budget of 90 lines and 1,000,000 expense GL
entries (``--entries N`` to change). Prints the time and query count of gathering the
figures (``leadership_figures``), of the Leadership Evidence report and of creating a
review with the figures. The data is inserted
in one transaction and rolled back at the end.
"""

from __future__ import annotations

import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import COMPANY, bulk_employees, connect, measure, print_row
from role_coverage import bulk_assignments
from scale import keep_counts
from security_budget import setup_ledger

POLICIES = 500
ACKS_PER_POLICY = 20


def bulk_policies(frappe, employees: list[str]):
	now = frappe.utils.now()
	today = date.today()
	rng = random.Random(52)
	policies, acks = [], []
	for i in range(POLICIES):
		name = f"BENCH-POL-{i:05d}"
		due = today + timedelta(days=rng.randint(-60, 365))
		policies.append(
			(name, now, now, "Administrator", "Administrator", 1, f"Bench Policy {i}", "Topic-specific Policy",
			 COMPANY, employees[0], "Published", "Published", 1, name, due, today - timedelta(days=300), 1,
			 "<p>Policy text.</p>", 12)
		)  # fmt: skip
		for j in range(ACKS_PER_POLICY):
			employee = employees[(i * ACKS_PER_POLICY + j) % len(employees)]
			acknowledged = now if rng.random() < 0.8 else None
			acks.append(
				(f"BENCH-ACK-{i:05d}-{j:03d}", now, now, "Administrator", "Administrator", 0, name, COMPANY,
				 employee, "Acknowledged" if acknowledged else "Pending", acknowledged, today)
			)  # fmt: skip
	frappe.db.bulk_insert(
		"Security Policy",
		["name", "creation", "modified", "owner", "modified_by", "docstatus", "title", "policy_type", "company",
		 "policy_owner", "status", "workflow_state", "version", "policy_family", "next_review_due",
		 "effective_from", "requires_acknowledgement", "content", "review_interval_months"],
		policies,
	)  # fmt: skip
	frappe.db.bulk_insert(
		"Policy Acknowledgement",
		["name", "creation", "modified", "owner", "modified_by", "docstatus", "security_policy", "company",
		 "employee", "status", "acknowledged_on", "due_date"],
		acks,
	)  # fmt: skip


def review_rows(frappe, scale) -> list[tuple[str, dict]]:
	"""On the scale data: gather the leadership figures, and create a management review with
	its facts (inputs, carried actions, system summaries) as the desk's Save does; print and
	return the labelled figures. The query counts must not grow with the data."""
	from form_load import assignment_row, insert_rows

	from isms_leadership.queries.evidence import leadership_figures

	chair = scale.employees[3]
	top = frappe.db.get_value("ISMS Role", {"is_top_management": 1}, "name")
	start = date.today() - timedelta(days=400)
	insert_rows(
		frappe,
		"Role Assignment",
		[
			assignment_row(
				frappe.utils.now(), "BENCH-RA-REVIEW-CHAIR", chair, top, start, None, "Active", True
			)
		],
	)
	figures = {}

	def gather():
		figures["last"] = leadership_figures(COMPANY)

	def create_review():
		figures["review"] = frappe.get_doc(
			{
				"doctype": "Management Review",
				"title": "Benchmark Review",
				"company": COMPANY,
				"review_date": frappe.utils.today(),
				"chair": chair,
				"attendees": [{"employee": chair, "attended": 1}],
			}
		).insert(ignore_permissions=True)  # benchmark data: the facts are measured, not the rights

	rows = [("Gather the leadership figures (the review's facts)", measure(frappe, gather))]
	print_row(*rows[-1])
	# each timed creation is rolled back; the last one (memory) is kept
	rows.append(("Create a management review with its facts", measure(frappe, create_review, undo=True)))
	review = figures["review"]
	print_row(*rows[-1])
	print(
		f"  {len(review.inputs)} inputs, {len(review.carried_actions)} carried actions; "
		f"figures {figures['last']}"
	)
	return rows


def main():
	frappe, _args, extra = connect(__doc__.splitlines()[0])
	entries = int(extra[extra.index("--entries") + 1]) if "--entries" in extra else 1_000_000
	from isms_leadership.queries.evidence import leadership_figures

	print(f"Review preparation benchmark on {frappe.local.site}; frappe {frappe.__version__}")
	try:
		started = time.perf_counter()
		setup_ledger(frappe, entries)
		employees = bulk_employees(frappe, 10_000, 0)
		bulk_assignments(frappe, employees, 20_000, 0, frappe.get_all("ISMS Role", pluck="name"))
		bulk_policies(frappe, employees)
		keep_counts(frappe)
		print(f"Data ready in {time.perf_counter() - started:.1f} s")

		figures = {}

		def gather():
			figures["last"] = leadership_figures(COMPANY)

		print_row("Gather the leadership figures", measure(frappe, gather))
		print(f"  {figures['last']}")

		from isms_leadership.isms_leadership.report.leadership_evidence.leadership_evidence import (
			execute as leadership_evidence,
		)

		def evidence():
			figures["evidence"] = leadership_evidence({"company": COMPANY})[4]

		print_row("Leadership Evidence report", measure(frappe, evidence))
		print(f"  {figures['evidence']}")
		chair = employees[0]
		top = frappe.db.get_value("ISMS Role", {"is_top_management": 1}, "name")
		frappe.db.set_value(
			"Role Assignment",
			{"employee": chair, "company": COMPANY},
			{
				"isms_role": top,
				"is_top_management": 1,
				"status": "Active",
				"to_date": None,
				"from_date": date.today() - timedelta(days=30),
			},
		)

		def create_review():
			frappe.get_doc(
				{
					"doctype": "Management Review",
					"title": "Benchmark Review",
					"company": COMPANY,
					"review_date": frappe.utils.today(),
					"chair": chair,
					"attendees": [{"employee": chair, "attended": 1}],
				}
			).insert(ignore_permissions=True)

		print_row(
			"Create a review (inputs, carried actions, facts)", measure(frappe, create_review, repeat=1)
		)
	finally:
		started = time.perf_counter()
		frappe.db.rollback()
		print(f"Rolled back in {time.perf_counter() - started:.1f} s")
		frappe.destroy()


if __name__ == "__main__":
	main()
