"""The whole benchmark suite side by side, in one run on the same data at the issue's scale.

Run from a checkout against a bench site:

    ~/frappe-bench/env/bin/python benchmarks/suite.py --site isms-bench.localhost

One company with 10,000 employees, 20,000 ISMS role assignments over the nine catalogue
roles, 500 published policies with 10,000 acknowledgements each for their current versions
(5,000,000 rows) and 1,000,000 expense GL entries with their balancing side over cost
centers in a tree (1,250,000 rows). Prints, on that data: Role Coverage; Policy Register and
Leadership Evidence as the desk runs them; Security Budget vs Actual against one
hand-written aggregate (and against ERPNext's Budget Variance report with
``--budget-variance``: about 15 minutes on 2 cores); publishing a policy to the 10,000
employees; loading the form of each doctype with the largest related data. Options:
``--entries N``, ``--acks N`` (per policy). The data is written in one transaction and
rolled back at the end.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import (
	COMPANY,
	connect,
	measure,
	print_row,
	report_switches,
	restore_report_switches,
)

REPORTS = ["Policy Register", "Leadership Evidence", "Budget Variance Report"]


def option(extra: list[str], name: str, default: int) -> int:
	return int(extra[extra.index(name) + 1]) if name in extra else default


def publication_rows(frappe) -> list[tuple[str, dict]]:
	"""Publish one more policy to every employee (the background job), then run it again."""
	from policy_campaign import published_policy

	from isms_leadership.tasks.campaign import run_campaign

	policy = published_policy(frappe, "Benchmark Policy for everyone", [])
	figures = measure(frappe, run_campaign, policy, repeat=1, memory=False)
	asked = frappe.db.count("Policy Acknowledgement", {"security_policy": policy})
	rows = [
		(f"Publish a policy to {asked:,} employees (job)", figures),
		("  the same job again, nothing to do", measure(frappe, run_campaign, policy, repeat=1)),
	]
	for row in rows:
		print_row(*row)
	return rows


def main():
	frappe, _args, extra = connect(__doc__.splitlines()[0])
	from form_load import form_records, form_rows
	from policy_register import explain, policy_rows
	from scale import build
	from security_budget import compare

	from isms_leadership.isms_leadership.report.role_coverage.role_coverage import execute as coverage

	entries = option(extra, "--entries", 1_000_000)
	acks = option(extra, "--acks", 10_000)
	print(f"Benchmark suite on {frappe.local.site}; frappe {frappe.__version__}")
	switches = report_switches(frappe, REPORTS)
	try:
		scale = build(frappe, acks_per_policy=acks, entries=entries)
		print(
			f"Data: {len(scale.employees):,} employees, {scale.assignments:,} assignments, "
			f"{len(scale.policies)} policies, {scale.acknowledgements:,} acknowledgements, "
			f"{scale.gl_rows:,} GL rows"
		)
		print_row(
			f"Role Coverage ({scale.assignments:,} assignments)",
			measure(frappe, coverage, {"company": COMPANY}),
		)
		policy_rows(frappe, scale)
		compare(frappe, scale.ledger, budget_variance="--budget-variance" in extra)
		publication_rows(frappe)
		started = time.perf_counter()
		records = form_records(frappe, scale)
		print(f"Form records written in {time.perf_counter() - started:.1f} s (the review gathers its facts)")
		form_rows(frappe, records)
		print("Query plans of the register over Policy Acknowledgement:")
		explain(frappe)
	finally:
		started = time.perf_counter()
		frappe.db.rollback()
		print(f"Rolled back in {time.perf_counter() - started:.1f} s")
		restore_report_switches(frappe, switches)
		frappe.destroy()


if __name__ == "__main__":
	main()
