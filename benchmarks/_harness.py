"""Shared helpers of the benchmarks: connect to a bench site, count queries, time calls.

Benchmarks print figures and never assert on time. Their data lives in one transaction
that is rolled back at the end, so the site is left as it was.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import tracemalloc
from contextlib import contextmanager
from pathlib import Path

COMPANY = "ISMS Benchmark Company"


def connect(description: str):
	parser = argparse.ArgumentParser(description=description)
	parser.add_argument("--site", default=os.environ.get("ISMS_SITE", "isms-test.localhost"))
	parser.add_argument("--bench", default=os.environ.get("FRAPPE_BENCH", str(Path.home() / "frappe-bench")))
	args, extra = parser.parse_known_args()
	sites = Path(args.bench) / "sites"
	os.chdir(sites)
	import frappe

	frappe.init(site=args.site, sites_path=str(sites))
	frappe.connect()
	frappe.set_user("Administrator")
	return frappe, args, extra


class QueryCounter:
	def __init__(self, frappe):
		self.frappe = frappe
		self.count = 0

	@contextmanager
	def counting(self):
		db = self.frappe.db
		original = db.sql
		self.count = 0

		def sql(*args, **kwargs):
			self.count += 1
			return original(*args, **kwargs)

		db.sql = sql
		try:
			yield self
		finally:
			db.sql = original


def measure(frappe, fn, *args, repeat: int = 3, memory: bool = True, **kwargs) -> dict:
	"""Best wall time of ``repeat`` runs, the query count and peak Python memory of one.

	With ``memory=False`` the call is not repeated for the memory figure (for work that
	changes the data, such as a campaign that a second run finds done).
	"""
	counter = QueryCounter(frappe)
	times = []
	for _ in range(repeat):
		frappe.local.document_cache = {}
		start = time.perf_counter()
		with counter.counting():
			fn(*args, **kwargs)
		times.append(time.perf_counter() - start)
	peak = float("nan")
	if memory:
		tracemalloc.start()
		fn(*args, **kwargs)
		_current, peak = tracemalloc.get_traced_memory()
		tracemalloc.stop()
	return {"seconds": min(times), "queries": counter.count, "peak_mib": peak / 2**20}


def print_row(label: str, figures: dict, **extra):
	parts = [
		f"{label:<48}",
		f"{figures['seconds']:>9.3f} s",
		f"{figures['queries']:>6} queries",
		f"{figures['peak_mib']:>8.1f} MiB"
		if figures["peak_mib"] == figures["peak_mib"]
		else f"{'n/a':>8} MiB",
	]
	parts += [f"{k}={v}" for k, v in extra.items()]
	print("  ".join(parts))
	sys.stdout.flush()


def ensure_company(frappe):
	if not frappe.db.exists("Company", COMPANY):
		frappe.get_doc(
			{
				"doctype": "Company",
				"company_name": COMPANY,
				"abbr": "ISMSB",
				"default_currency": "USD",
				"country": "United States",
				"chart_of_accounts": "Standard",
			}
		).insert(ignore_permissions=True)


def bulk_employees(frappe, count: int, offset: int, department: str | None = None) -> list[str]:
	"""Insert ``count`` Active employees of the benchmark company in bulk."""
	now = frappe.utils.now()
	rows, names = [], []
	for i in range(offset, offset + count):
		name = f"BENCH-EMP-{i:06d}"
		names.append(name)
		rows.append(
			(
				name,
				f"Bench {i}",
				f"Bench {i}",
				COMPANY,
				"Active",
				"Female",
				"1985-01-01",
				"2015-01-01",
				now,
				now,
				"Administrator",
				"Administrator",
				department,
			)
		)
	frappe.db.bulk_insert(
		"Employee",
		[
			"name",
			"first_name",
			"employee_name",
			"company",
			"status",
			"gender",
			"date_of_birth",
			"date_of_joining",
			"creation",
			"modified",
			"owner",
			"modified_by",
			"department",
		],
		rows,
	)
	return names


def load_form(frappe, doctype: str, name: str) -> dict:
	"""What the desk asks for when a form is opened: the document with its onload data and
	docinfo (``getdoc``), and the counts of its connections where it shows any
	(``get_open_count``). Returns the connection counts."""
	from frappe.desk.form.load import getdoc
	from frappe.desk.notifications import get_open_count

	frappe.response.docs = []
	getdoc(doctype, name)
	if not frappe.get_meta(doctype).get_dashboard_data().get("transactions"):
		return {}
	try:
		return get_open_count(doctype, name)
	finally:
		# get_open_count limits every statement of the session to 1 s, as for a request;
		# the benchmark's connection lives on
		frappe.db.set_execution_timeout(0)


def run_report(frappe, report: str, filters: dict) -> dict:
	"""A script report as the desk runs it (``frappe.desk.query_report.run``)."""
	import json

	from frappe.desk.query_report import run

	return run(report, filters=json.dumps(filters))


def report_switches(frappe, reports: list[str]) -> dict[str, int]:
	"""The "prepared report" switch of each of ``reports``, to put back afterwards with
	``restore_report_switches``."""
	return {r: frappe.db.get_value("Report", r, "prepared_report") for r in reports}


def restore_report_switches(frappe, before: dict[str, int]):
	"""Frappe turns a script report into a prepared (background) report, from another
	connection, when one run takes more than 15 s. The benchmark's data is rolled back but
	that switch would stay: call this after the rollback; it says so and sets it back."""
	for report, value in before.items():
		if frappe.db.get_value("Report", report, "prepared_report") != value:
			print(f"Frappe switched {report} to a prepared report (a run took over 15 s); switched back")
			frappe.db.set_value("Report", report, "prepared_report", value)
			frappe.db.commit()  # only the switch above: the benchmark data was rolled back
