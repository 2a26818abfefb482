"""The whole benchmark suite side by side, in one run on the same data at the issue's scale.

Run from a checkout against a bench site:

    ~/frappe-bench/env/bin/python benchmarks/suite.py --site isms-bench.localhost

One company with 10,000 employees, 20,000 ISMS role assignments over the nine catalogue
roles, 500 published policies with 10,000 acknowledgements each for their current versions
(5,000,000 rows, their kept counts then set from a recount as the upgrade patch does) and
1,000,000 expense GL entries with their balancing side over cost centers in a tree
(1,250,000 rows). Prints, on that data: Role Coverage, Policy Register and Leadership
Evidence as the desk runs them; the six workspace number cards as the desk calls them;
Security Budget vs Actual against one hand-written aggregate (and against ERPNext's Budget
Variance report with ``--budget-variance``: about 6 minutes on 2 cores); the app's
spending query with its index over GL Entry and with ``IGNORE INDEX``; gathering the
review's facts and creating a management review; publishing a policy to the 10,000
employees (the background job); the daily reconciliation of the kept counts; loading the
form of each doctype with the largest related data (and the Resource Allocation form's
``budget_figures``); then, with the company brought to 100,000 employees in bulk,
publishing a policy to all of them and loading its form. Ends with the goals of issue 21
side by side. Each row: time (best of three, or one run for a job), query count and peak
Python memory (``tracemalloc``, one more run). Options: ``--entries N``, ``--acks N`` (per
policy), ``--publish-employees N`` (default 100,000; 0 to leave that step out). The data
is written in one transaction and rolled back at the end; the app's index over GL Entry is
added first if it is missing (that commits, before the data).
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import (
	COMPANY,
	app_source,
	connect,
	measure,
	print_row,
	report_switches,
	restore_report_switches,
	run_report,
)

REPORTS = ["Policy Register", "Leadership Evidence", "Budget Variance Report", "Role Coverage"]


def option(extra: list[str], name: str, default: int) -> int:
	return int(extra[extra.index(name) + 1]) if name in extra else default


def machine(frappe) -> str:
	"""Cores, memory, the MariaDB server and its buffer pool, as the run saw them."""
	memory = next(
		(int(line.split()[1]) * 1024 for line in Path("/proc/meminfo").open() if line.startswith("MemTotal")),
		0,
	)
	version, pool, log_bin = frappe.db.sql("select version(), @@innodb_buffer_pool_size, @@log_bin")[0]
	return (
		f"{os.cpu_count()} cores, {memory / 2**30:.1f} GiB RAM, MariaDB {version}, "
		f"innodb_buffer_pool_size {int(pool) / 2**30:.1f} GiB, binlog {'on' if int(log_bin) else 'off'}"
	)


def gl_index(frappe) -> str:
	"""Make sure the app's index over GL Entry is there, before the benchmark's transaction
	starts (adding an index commits)."""
	from isms_leadership.integrations.budget import GL_INDEX, ensure_gl_index

	if frappe.db.has_index("tabGL Entry", GL_INDEX):
		return f"GL Entry index {GL_INDEX}: present"
	started = time.perf_counter()
	ensure_gl_index()
	return f"GL Entry index {GL_INDEX}: was missing, added in {time.perf_counter() - started:.1f} s"


def reconcile_rows(frappe) -> list[tuple[str, dict]]:
	"""The daily reconciliation of the kept counts (a recount of every acknowledgement)."""
	from isms_leadership.tasks.policies import reconcile_acknowledgement_counts

	rows = [
		(
			"Reconcile the kept counts (daily job)",
			measure(frappe, reconcile_acknowledgement_counts, repeat=1, undo=True),
		)
	]
	print_row(*rows[-1])
	return rows


#: the goals of issue 21: (row, target, the test of its figures)
GOALS = (
	("Policy Register (desk)", "<= 0.5 s", lambda f: f["seconds"] <= 0.5),
	("Leadership Evidence (desk)", "<= 1.0 s", lambda f: f["seconds"] <= 1.0),
	("Number card", "<= 0.2 s each", lambda f: f["seconds"] <= 0.2),
	("Resource Allocation (", "<= 0.5 s", lambda f: f["seconds"] <= 0.5),
	("  its budget_figures", "(printed)", None),
	("  budget card, first read", "(printed)", None),
	("  hourly job: spending read again", "(printed)", None),
	("Create a management review", "<= 1.5 s, queries flat", lambda f: f["seconds"] <= 1.5),
	("Security Budget vs Actual, Yearly", "<= the aggregate", None),
	("One aggregate query", "(reference)", None),
	("ERPNext Budget Variance", ">= 100x ours", None),
	("Spending query (actuals)", "(index)", None),
	("  the same SQL with IGNORE INDEX", "(no index)", None),
	("Publish a policy to", "<= 30 s at 100,000, memory flat", None),
	("  the form of that policy", "<= 0.1 s", lambda f: f["seconds"] <= 0.1),
)


def goal_table(rows: list[tuple[str, dict]]):
	"""Every goal's row side by side, with the goal and whether it is met."""
	by_label = dict(rows)
	ours = next((f for label, f in rows if label.startswith("Security Budget vs Actual, Yearly")), None)
	aggregate = next((f for label, f in rows if label.startswith("One aggregate query")), None)
	variance = next((f for label, f in rows if label.startswith("ERPNext Budget Variance")), None)
	jobs = [(label, f) for label, f in rows if label.startswith("Publish a policy to")]
	print()
	print("Goals of issue 21, side by side (one run, the same data):")
	print(f"  {'what':<64} {'time':>10} {'queries':>8} {'peak MiB':>9}  {'goal':<32} met")
	for label, figures in by_label.items():
		goal = next(((target, test) for prefix, target, test in GOALS if label.startswith(prefix)), None)
		if goal is None:
			continue
		target, test = goal
		met = "" if test is None else ("yes" if test(figures) else "NO")
		if label.startswith("Security Budget vs Actual, Yearly") and aggregate:
			met = "yes" if figures["seconds"] <= aggregate["seconds"] else "NO"
			target = f"<= the aggregate ({aggregate['seconds']:.3f} s)"
		if label.startswith("ERPNext Budget Variance") and ours:
			ratio = figures["seconds"] / ours["seconds"]
			met = "yes" if ratio >= 100 else "NO"
			target = f">= 100x ours: {ratio:.0f}x"
		if label.startswith("Publish a policy to") and "100,000" in label:
			met = "yes" if figures["seconds"] <= 30 else "NO"
		peak = f"{figures['peak_mib']:.1f}" if figures["peak_mib"] == figures["peak_mib"] else "n/a"
		print(
			f"  {label[:64]:<64} {figures['seconds']:>8.3f} s {figures['queries']:>8} {peak:>9}  {target:<32} {met}"
		)
	if variance is None:
		print("  (ERPNext Budget Variance not run: add --budget-variance)")
	if len(jobs) >= 2:
		(small_label, small), (large_label, large) = jobs[0], jobs[-1]
		ratio = large["peak_mib"] / small["peak_mib"] if small["peak_mib"] else float("nan")
		print(
			f"  publishing job peak memory: {small['peak_mib']:.1f} MiB ({small_label[20:]}) vs "
			f"{large['peak_mib']:.1f} MiB ({large_label[20:]}): {ratio:.1f}x "
			f"({'flat' if ratio < 2 else 'grows with the audience'})"
		)
	sys.stdout.flush()


def main():
	frappe, _args, extra = connect(__doc__.splitlines()[0])
	from form_load import form_records, form_rows
	from number_cards import card_rows, forget_spending
	from policy_campaign import publish_rows
	from policy_register import explain, policy_rows
	from review_preparation import review_rows
	from scale import build
	from security_budget import compare, index_rows

	entries = option(extra, "--entries", 1_000_000)
	acks = option(extra, "--acks", 10_000)
	audience = option(extra, "--publish-employees", 100_000)
	print(f"Benchmark suite on {frappe.local.site}; frappe {frappe.__version__}")
	print(f"Machine: {machine(frappe)}")
	print(f"App: {app_source()}")
	print(gl_index(frappe))
	switches = report_switches(frappe, REPORTS)
	rows: list[tuple[str, dict]] = []
	forget_spending(frappe)
	try:
		scale = build(frappe, acks_per_policy=acks, entries=entries)
		print(
			f"Data: {len(scale.employees):,} employees, {scale.assignments:,} assignments, "
			f"{len(scale.policies)} policies, {scale.acknowledgements:,} acknowledgements, "
			f"{scale.gl_rows:,} GL rows"
		)
		rows.append(
			(
				f"Role Coverage (desk), {scale.assignments:,} assignments",
				measure(frappe, run_report, frappe, "Role Coverage", {"company": COMPANY}),
			)
		)
		print_row(*rows[-1])
		rows += policy_rows(frappe, scale)
		rows += card_rows(frappe)
		rows += compare(frappe, scale.ledger, budget_variance="--budget-variance" in extra)
		rows += index_rows(frappe, scale.ledger)
		rows += review_rows(frappe, scale)
		rows += publish_rows(frappe, len(scale.employees), len(scale.employees))
		rows += reconcile_rows(frappe)
		started = time.perf_counter()
		records = form_records(frappe, scale)
		print(f"Form records written in {time.perf_counter() - started:.1f} s (the review gathers its facts)")
		rows += form_rows(frappe, records)
		if audience > len(scale.employees):
			rows += publish_rows(frappe, audience, len(scale.employees))
		goal_table(rows)
		print("Query plans of the register over Policy Acknowledgement:")
		explain(frappe)
	finally:
		started = time.perf_counter()
		frappe.db.rollback()
		print(f"Rolled back in {time.perf_counter() - started:.1f} s")
		forget_spending(frappe)
		restore_report_switches(frappe, switches)
		frappe.destroy()


if __name__ == "__main__":
	main()
