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


def connect(description: str, replica: bool = False):
	"""Connect to the site of ``--site`` as Administrator; returns frappe, the parsed
	arguments and the others. ``replica``: keep the site's ``read_from_replica``."""
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
	if frappe.conf.read_from_replica and not replica:
		# the data is written in this connection's transaction and never committed: a replica
		# would not see it, so ``@frappe.read_only()`` must read here too
		print(
			f"{args.site} reads from a replica; this benchmark reads from the primary (its own transaction)"
		)
		frappe.conf.read_from_replica = 0
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


#: the savepoint ``measure(undo=True)`` rolls each run back to
SAVEPOINT = "isms_benchmark_run"


def measure(frappe, fn, *args, repeat: int = 3, memory: bool = True, undo: bool = False, **kwargs) -> dict:
	"""Best wall time of ``repeat`` runs, the query count and peak Python memory of one.

	With ``memory=False`` the call is not repeated for the memory figure (for work that
	changes the data, such as a campaign that a second run finds done). With ``undo=True``
	each timed run is rolled back to a savepoint before the next, and the memory figure
	comes from one more run, under ``tracemalloc``, whose changes are kept: a job that
	changes the data is timed without the tracer's overhead and its memory still measured.
	"""
	counter = QueryCounter(frappe)
	times = []
	for _ in range(repeat):
		frappe.local.document_cache = {}
		if undo:
			frappe.db.savepoint(SAVEPOINT)
		start = time.perf_counter()
		with counter.counting():
			fn(*args, **kwargs)
		times.append(time.perf_counter() - start)
		if undo:
			frappe.db.rollback(save_point=SAVEPOINT)
	peak = float("nan")
	if memory or undo:
		frappe.local.document_cache = {}
		tracemalloc.start()
		fn(*args, **kwargs)
		_current, peak = tracemalloc.get_traced_memory()
		tracemalloc.stop()
	return {"seconds": min(times), "queries": counter.count, "peak_mib": peak / 2**20}


def desk_call(frappe, cmd: str, **form):
	"""A whitelisted method as the desk calls it (``frappe.call`` in the browser, a POST to
	``/api/method/<cmd>``): through ``frappe.handler.execute_cmd``, which checks that the
	method is whitelisted and allowed for the HTTP method, then runs it with the form's
	arguments, ``@frappe.read_only()`` and all. Each call is a request of its own: a replica
	connection that ``@frappe.read_only()`` opened is forgotten afterwards, as Frappe forgets
	its ``frappe.local`` at the end of a request (``end_request``)."""
	from werkzeug.test import EnvironBuilder
	from werkzeug.wrappers import Request

	from frappe.handler import execute_cmd

	request, form_dict = getattr(frappe.local, "request", None), frappe.local.form_dict
	builder = EnvironBuilder(path=f"/api/method/{cmd}", method="POST")
	try:
		frappe.local.request = Request(builder.get_environ())
		frappe.local.form_dict = frappe._dict(cmd=cmd, **form)
		return execute_cmd(cmd)
	finally:
		builder.close()
		frappe.local.form_dict = form_dict
		if request is None:
			del frappe.local.request
		else:
			frappe.local.request = request
		end_request(frappe)


def end_request(frappe):
	"""Forget the replica connection of the request that ends, as ``frappe.destroy`` does.

	``frappe.connect_replica`` switches only when ``frappe.local`` has no ``replica_db`` and
	``primary_db`` yet, and ``@frappe.read_only()`` closes the replica connection after the
	call but leaves both names set: in one long-lived process (a benchmark, a background
	worker) only the first read-only call would go to the replica."""
	for name in ("replica_db", "primary_db"):
		if hasattr(frappe.local, name):
			delattr(frappe.local, name)


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


def app_source() -> str:
	"""Where the app's code was imported from (and its commit, where that folder says)."""
	import isms_leadership

	folder = Path(isms_leadership.__file__).resolve().parent.parent
	commit = folder / "COMMIT"
	return f"isms_leadership from {folder}" + (
		f" at {commit.read_text().strip()[:12]}" if commit.exists() else ""
	)
