"""Role Coverage at scale: 10,000 employees and 20,000 role assignments.

Run from a checkout against a bench site:

    ~/frappe-bench/env/bin/python benchmarks/role_coverage.py --site isms-test.localhost

Prints the report's time, query count and peak memory at several sizes; the query count
must not grow with the number of assignments. The data is inserted in bulk in one
transaction and rolled back at the end.
"""

from __future__ import annotations

import random
import sys
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import COMPANY, bulk_employees, connect, ensure_company, measure, print_row


def bulk_assignments(frappe, employees: list[str], count: int, offset: int, roles: list[str]):
	today = date.today()
	now = frappe.utils.now()
	rng = random.Random(offset)
	rows = []
	for i in range(count):
		employee = employees[i % len(employees)]
		role = roles[(i // len(employees) + i) % len(roles)]
		start = today - timedelta(days=rng.randint(0, 700))
		end = None if rng.random() < 0.7 else today + timedelta(days=rng.randint(-30, 400))
		status = "Active" if end is None or end >= today else "Ended"
		rows.append(
			(
				f"BENCH-RA-{offset + i:07d}",
				employee,
				COMPANY,
				role,
				start,
				end,
				status,
				1,
				(rng.random() < 0.8 and now) or None,
				employees[(i + 1) % len(employees)] if rng.random() < 0.5 else None,
				now,
				now,
				"Administrator",
				"Administrator",
				"Approved",
			)
		)
	frappe.db.bulk_insert(
		"Role Assignment",
		[
			"name",
			"employee",
			"company",
			"isms_role",
			"from_date",
			"to_date",
			"status",
			"docstatus",
			"accepted_on",
			"deputy",
			"creation",
			"modified",
			"owner",
			"modified_by",
			"workflow_state",
		],
		rows,
	)


def main():
	frappe, _args, _extra = connect(__doc__.splitlines()[0])
	from isms_leadership.isms_leadership.report.role_coverage.role_coverage import execute

	roles = frappe.get_all("ISMS Role", pluck="name")
	print(f"Role Coverage benchmark on {frappe.local.site}; frappe {frappe.__version__}")
	try:
		ensure_company(frappe)
		employees = bulk_employees(frappe, 10_000, 0)
		done = 0
		for target in (2_000, 10_000, 20_000):
			bulk_assignments(frappe, employees, target - done, done, roles)
			done = target
			figures = measure(frappe, execute, {"company": COMPANY})
			print_row(f"Role Coverage, {len(employees):,} employees, {done:,} assignments", figures)
	finally:
		frappe.db.rollback()
		frappe.destroy()


if __name__ == "__main__":
	main()
