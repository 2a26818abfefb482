"""Policy Register and Leadership Evidence with 500 policies of 10,000 acknowledgements each.

Run from a checkout against a bench site:

    ~/frappe-bench/env/bin/python benchmarks/policy_register.py --site isms-bench.localhost

The company has 10,000 employees, 20,000 ISMS role assignments and 500 published policies,
each acknowledged (or asked) by all 10,000 employees for its current version: 5,000,000
Policy Acknowledgement rows written with ``frappe.db.bulk_insert``. Options: ``--acks N``
acknowledgements per policy (default 10,000), ``--entries N`` expense GL entries for the
budget part of Leadership Evidence (default 0: the policy figures alone).

Prints how long writing the data took; the time, query count and peak memory of the Policy
Register as the desk runs it, of loading the form of a policy with its acknowledgements and
of the Leadership Evidence report; and the query plan (EXPLAIN, then ANALYZE, which runs it)
of each register query over Policy Acknowledgement. The data is written in one transaction
and rolled back at the end.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import (
	COMPANY,
	connect,
	load_form,
	measure,
	print_row,
	report_switches,
	restore_report_switches,
	run_report,
)

REPORTS = ["Policy Register", "Leadership Evidence"]


def option(extra: list[str], name: str, default: int) -> int:
	return int(extra[extra.index(name) + 1]) if name in extra else default


def register_queries(frappe) -> list[tuple[str, object]]:
	"""The statements over Policy Acknowledgement that one run of the register sends, with
	their parameters."""
	from isms_leadership.queries.policies import register_rows as get_rows

	seen: list[tuple[str, object]] = []
	original = frappe.db.sql

	def sql(query, values=(), *args, **kwargs):
		if "Policy Acknowledgement" in str(query):
			seen.append((str(query), values))
		return original(query, values, *args, **kwargs)

	frappe.db.sql = sql
	try:
		get_rows(frappe._dict(company=COMPANY))
	finally:
		frappe.db.sql = original
	return seen


PLAN = ("table", "type", "key", "key_len", "rows", "r_rows", "filtered", "r_filtered", "Extra")


def explain(frappe):
	"""Print EXPLAIN and ANALYZE of each register query over the acknowledgements."""
	for query, values in register_queries(frappe):
		shown = query if len(query) < 300 else query[:240] + " … " + query[-50:]
		print(f"  {shown}")
		# the statement as the report sends it (built by frappe.qb), prefixed to read its plan
		for keyword in ("EXPLAIN", "ANALYZE"):
			for row in frappe.db.sql(f"{keyword} {query}", values, as_dict=True):
				print(f"    {keyword:<8} " + "  ".join(f"{k}={row.get(k)}" for k in PLAN if k in row))


def policy_rows(frappe, scale) -> list[tuple[str, dict]]:
	"""Measure the register, the largest policy form and Leadership Evidence; return the
	labelled figures (also printed)."""
	results = {}

	def register():
		results["register"] = run_report(frappe, "Policy Register", {"company": COMPANY})

	def evidence():
		results["evidence"] = run_report(frappe, "Leadership Evidence", {"company": COMPANY})

	rows = []
	per_policy = scale.acknowledgements // max(len(scale.policies), 1)
	figures = measure(frappe, register)
	rows.append(
		(
			f"Policy Register (desk), {len(scale.policies)} policies, {scale.acknowledgements:,} acks",
			figures,
		)
	)
	print_row(*rows[-1])
	summary = {s["label"]: s["value"] for s in results["register"].get("report_summary") or []}
	print(f"  {len(results['register']['result'])} rows; summary {summary}")
	rows.append(
		(
			f"Load the form of a policy with {per_policy:,} acks",
			measure(frappe, load_form, frappe, "Security Policy", scale.policies[-1]),
		)
	)
	print_row(*rows[-1])
	rows.append(("Leadership Evidence (desk)", measure(frappe, evidence)))
	print_row(*rows[-1])
	statuses = {}
	for row in results["evidence"]["result"]:
		if isinstance(row, dict) and row.get("status"):
			statuses[row["status"]] = statuses.get(row["status"], 0) + 1
	print(f"  {statuses}")
	return rows


def main():
	frappe, _args, extra = connect(__doc__.splitlines()[0])
	from scale import build

	acks = option(extra, "--acks", 10_000)
	entries = option(extra, "--entries", 0)
	print(f"Policy Register benchmark on {frappe.local.site}; frappe {frappe.__version__}")
	switches = report_switches(frappe, REPORTS)
	try:
		scale = build(frappe, acks_per_policy=acks, entries=entries)
		policy_rows(frappe, scale)
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
