"""The desk's reads with a read replica: which server answers them.

Start the replica first, then run this from a checkout against the same bench site:

    scripts/replica start isms-bench.localhost
    ~/frappe-bench/env/bin/python benchmarks/replica.py --site isms-bench.localhost
    scripts/replica stop

With ``read_from_replica`` in the site's config, Frappe sends what runs inside a
``@frappe.read_only()`` function to the replica. This benchmark logs in as an ISMS Manager
and makes the desk's reads, each as a request of its own (``_harness.desk_call``): the six
workspace number cards, Policy Register, Leadership Evidence, Security Budget vs Actual and
Role Coverage through ``frappe.desk.query_report.run``, and the Resource Allocation form's
``budget_figures``; first in this process, then over HTTP (a POST to ``/api/method/...``
with the session cookie, served by ``frappe.app.application`` in a thread), which adds what
a real request costs: the session, the primary connection, the commit. Around each read it takes ``SHOW GLOBAL STATUS`` (Com_select,
Questions) of both servers, the session status of its own connection to the primary, and
counts the statements Frappe sent to each server; it prints the queries each server
received and the statements that went to the primary.

A replica sees committed data only: the benchmark data (``--acks N`` acknowledgements per
policy, default 100; ``--entries N`` expense GL entries, default 20,000; 10,000 employees,
20,000 role assignments, 500 policies) is committed, the replica waited for, and deleted
(committed) at the end: every row of the benchmark company but the company itself, its
accounts and cost centers, which later runs reuse. The ISMS Manager user
``isms-bench-manager@example.com`` (roles ISMS Manager and Employee; a new password each
run) stays for later runs. ``--no-data``: make the reads on what the site holds, writing
nothing but that user (which server answers does not depend on the amount of data).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import COMPANY, app_source, connect, desk_call
from number_cards import forget_spending

MANAGER = "isms-bench-manager@example.com"
BUDGET_FIGURES = "isms_leadership.isms_leadership.doctype.resource_allocation.api.budget_figures"
STATUS = ("Com_select", "Questions")


def option(extra: list[str], name: str, default: int) -> int:
	return int(extra[extra.index(name) + 1]) if name in extra else default


class Server:
	"""A monitoring connection of its own to one server, as the site's database user."""

	def __init__(self, frappe, label: str, host: str, port: int):
		import pymysql

		self.label, self.host, self.port = label, host, int(port)
		self.conn = pymysql.connect(
			host=host,
			port=self.port,
			user=frappe.conf.db_name,
			password=frappe.conf.db_password,
			database=frappe.conf.db_name,
			autocommit=True,
		)

	def query(self, sql: str, args=None):
		with self.conn.cursor() as cursor:
			cursor.execute(sql, args)
			return cursor.fetchall()

	def status(self) -> dict[str, int]:
		rows = self.query(
			"SHOW GLOBAL STATUS WHERE Variable_name IN (" + ", ".join(["%s"] * len(STATUS)) + ")", STATUS
		)
		return {name: int(value) for name, value in rows}


class Statements:
	"""The statements Frappe sends, and the connections it opens, per server (by the port of
	the connection), in every thread of this process while ``on``."""

	def __init__(self, replica_port: int):
		from frappe.database.database import Database

		self.database, self.original, self.original_connect = Database, Database.sql, Database.connect
		self.replica_port, self.on = int(replica_port), False
		self.sent: dict[str, list[str]] = {"primary": [], "replica": []}
		self.connects = {"primary": 0, "replica": 0}
		counter = self

		def server(db) -> str:
			return "replica" if int(getattr(db, "port", 0) or 0) == counter.replica_port else "primary"

		def sql(db, query, *args, **kwargs):
			if counter.on:
				counter.sent[server(db)].append(" ".join(str(query).split())[:160])
			return counter.original(db, query, *args, **kwargs)

		def connect(db, *args, **kwargs):
			if counter.on:
				counter.connects[server(db)] += 1
			return counter.original_connect(db, *args, **kwargs)

		Database.sql = sql
		Database.connect = connect

	def restore(self):
		self.database.sql = self.original
		self.database.connect = self.original_connect

	def take(self) -> tuple[dict[str, list[str]], dict[str, int]]:
		sent, connects = self.sent, self.connects
		self.sent, self.connects = {"primary": [], "replica": []}, {"primary": 0, "replica": 0}
		return sent, connects


def session_selects(frappe) -> dict[str, int]:
	"""Com_select and Questions of the benchmark's own connection to the primary."""
	rows = frappe.db.sql(
		"SHOW SESSION STATUS WHERE Variable_name IN (" + ", ".join(["%s"] * len(STATUS)) + ")", STATUS
	)
	return {name: int(value) for name, value in rows}


def wait_for_replica(frappe, primary: Server, replica: Server, timeout: int = 600) -> float:
	"""Until the replica has applied the primary's binlog as it stands now; seconds waited."""
	started = time.perf_counter()
	(position,) = primary.query("SELECT @@global.gtid_binlog_pos")[0]
	((waited,),) = replica.query("SELECT MASTER_GTID_WAIT(%s, %s)", (position, timeout))
	if waited != 0:
		raise SystemExit(f"the replica did not reach the primary's GTID position {position} in {timeout} s")
	return time.perf_counter() - started


def ensure_manager(frappe) -> tuple[str, str]:
	"""An enabled desk user with the roles ISMS Manager and Employee, as the user of an
	employee of another company of the site (committed; kept for later runs). Employee, as
	every user of an ERPNext employee has: the script reports link their rows to Company,
	and Frappe's ``query_report.run`` filters linked rows by the user's read permission on
	Company, which ISMS Manager alone does not give (ERPNext takes the Employee role from a
	user no Employee points at)."""
	if not frappe.db.exists("User", MANAGER):
		frappe.get_doc(
			{
				"doctype": "User",
				"email": MANAGER,
				"first_name": "ISMS Benchmark Manager",
				"send_welcome_email": 0,
				"user_type": "System User",
			}
		).insert(ignore_permissions=True)
	if not frappe.db.exists("Employee", {"user_id": MANAGER}):
		company = frappe.db.get_value("Company", {"name": ["!=", COMPANY]}, "name")
		frappe.get_doc(
			{
				"doctype": "Employee",
				"first_name": "ISMS Benchmark Manager",
				"company": company,
				"gender": "Female",
				"date_of_birth": "1980-01-01",
				"date_of_joining": "2020-01-01",
				"status": "Active",
				"user_id": MANAGER,
				# no User Permission on the Employee: it would narrow what the manager sees
				"create_user_permission": 0,
			}
		).insert(ignore_permissions=True)
	frappe.get_doc("User", MANAGER).add_roles("ISMS Manager", "Employee")
	from frappe.utils.password import update_password

	password = frappe.generate_hash(length=20)
	update_password(MANAGER, password)
	return MANAGER, password


#: the benchmark's rows, by doctype: deleted by company, or by parent (child tables)
OWN_ROWS = (
	("Policy Acknowledgement", "company"),
	("Policy Acknowledgement Count", "company"),
	("Security Policy Audience", ("parent", "Security Policy")),
	("Security Policy Review", ("parent", "Security Policy")),
	("Security Policy", "company"),
	("ISMS Competence Evidence", ("parent", "Role Assignment")),
	("Role Assignment", "company"),
	("Resource Allocation Line", ("parent", "Resource Allocation")),
	("Resource Allocation Person", ("parent", "Resource Allocation")),
	("Resource Allocation", "company"),
	("Budget Account", ("parent", "Budget")),
	("Budget", "company"),
	("GL Entry", "company"),
	("Employee", "company"),
)


def delete_data(frappe) -> int:
	"""Delete every row of the benchmark company but the company, its accounts and cost
	centers (and the versions and comments of what is deleted); commit. Rows deleted."""
	deleted = 0
	for doctype in ("Budget", "Resource Allocation", "Security Policy"):
		names = frappe.get_all(doctype, filters={"company": COMPANY}, pluck="name")
		for start in range(0, len(names), 1000):
			chunk = names[start : start + 1000]
			for table, field in (("Version", "docname"), ("Comment", "reference_name")):
				doc_field = "ref_doctype" if table == "Version" else "reference_doctype"
				frappe.db.delete(table, {doc_field: doctype, field: ["in", chunk]})
				deleted += max(frappe.db._cursor.rowcount, 0)
	for doctype, key in OWN_ROWS:
		if isinstance(key, tuple):
			_parent, parenttype = key
			parents = frappe.qb.DocType(parenttype)
			child = frappe.qb.DocType(doctype)
			frappe.qb.from_(child).delete().where(
				child.parent.isin(
					frappe.qb.from_(parents).select(parents.name).where(parents.company == COMPANY)
				)
			).run()
		else:
			frappe.db.delete(doctype, {key: COMPANY})
		deleted += max(frappe.db._cursor.rowcount, 0)
	frappe.db.commit()
	return deleted


def reads(fiscal_year: str, allocation: str) -> list[tuple[str, str, dict]]:
	"""The desk's read-only reads: (label, whitelisted method, the form it is sent)."""
	import json

	from number_cards import CARDS, MODULE

	company = {"company": COMPANY}
	run = "frappe.desk.query_report.run"
	rows = [
		(f"Number card: {label}", f"{MODULE}.{method}", {"filters": json.dumps(company)})
		for method, label in CARDS
	]
	for report, filters in (
		("Policy Register", company),
		("Leadership Evidence", company),
		("Security Budget vs Actual", {**company, "fiscal_year": fiscal_year, "period": "Yearly"}),
		("Role Coverage", company),
	):
		rows.append((report, run, {"report_name": report, "filters": json.dumps(filters)}))
	rows.append(("Resource Allocation budget_figures", BUDGET_FIGURES, {"allocation": allocation}))
	return rows


class WebServer:
	"""Frappe's WSGI application (``frappe.app.application``, as gunicorn serves it) in a
	thread of this process on a free port of 127.0.0.1, and a logged-in desk session."""

	def __init__(self, frappe, user: str, password: str):
		import threading

		import requests
		from werkzeug.serving import WSGIRequestHandler, make_server

		from frappe.app import application

		class Quiet(WSGIRequestHandler):
			def log_request(self, *args, **kwargs):
				pass

		self.server = make_server("127.0.0.1", 0, application, threaded=False, request_handler=Quiet)
		self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
		self.thread.start()
		self.url = f"http://127.0.0.1:{self.server.server_port}"
		self.session = requests.Session()
		self.session.headers["Host"] = frappe.local.site
		self.session.headers["Accept"] = "application/json"
		response = self.session.post(f"{self.url}/api/method/login", data={"usr": user, "pwd": password})
		response.raise_for_status()

	def call(self, cmd: str, form: dict):
		"""A POST to /api/method/<cmd>, as ``frappe.call`` in the desk sends it."""
		response = self.session.post(f"{self.url}/api/method/{cmd}", data=form)
		if response.status_code != 200:
			raise RuntimeError(f"{cmd}: HTTP {response.status_code}: {response.text[:500]}")
		return response.json().get("message")

	def stop(self):
		self.server.shutdown()
		self.thread.join()


def table(frappe, title: str, calls, primary: Server, replica: Server, statements, ours: bool):
	"""Run each read between status snapshots of both servers; print a row each and the
	statements that went to the primary."""
	before = primary.status(), replica.status()
	after = primary.status(), replica.status()
	idle = [{k: a[k] - b[k] for k in STATUS} for b, a in zip(before, after, strict=True)]
	print()
	print(title)
	print(
		"  monitoring alone (two snapshots, nothing between): "
		f"primary Com_select {idle[0]['Com_select']} Questions {idle[0]['Questions']}, "
		f"replica Com_select {idle[1]['Com_select']} Questions {idle[1]['Questions']}"
	)
	print(
		f"  {'read':<42} {'time':>8} {'replica':>16} {'primary (global)':>18} "
		f"{'primary (ours)':>15}  Frappe's statements (connections) to replica | primary"
	)
	print(f"  {'':<42} {'':>8} {'select/questions':>16} {'select/questions':>18} {'select/questions':>15}")
	totals: dict[str, int] = {}
	on_primary: list[tuple[str, str]] = []
	for label, call in calls:
		statements.take()
		before = primary.status(), replica.status(), session_selects(frappe)
		statements.on = True
		started = time.perf_counter()
		call()
		seconds = time.perf_counter() - started
		statements.on = False
		after = primary.status(), replica.status(), session_selects(frappe)
		sent, connects = statements.take()
		p, r, own = (
			{k: a[k] - b[k] - i.get(k, 0) for k in STATUS}
			for b, a, i in zip(before, after, [*idle, {"Questions": 1}], strict=True)
		)
		figures = {
			"replica select": r["Com_select"],
			"replica questions": r["Questions"],
			"primary select": p["Com_select"],
			"primary questions": p["Questions"],
			"ours select": own["Com_select"],
			"ours questions": own["Questions"],
			"sent replica": len(sent["replica"]),
			"sent primary": len(sent["primary"]),
			"connects replica": connects["replica"],
			"connects primary": connects["primary"],
		}
		for key, value in figures.items():
			totals[key] = totals.get(key, 0) + value
		on_primary += [(label, s) for s in sent["primary"]]
		print_figures(label, f"{seconds:>6.3f} s", figures, ours)
	print_figures("all of them", "", totals, ours)
	if on_primary:
		print("  Statements Frappe sent to the primary during these reads:")
		for label, statement in on_primary:
			print(f"    {label}: {statement}")
	else:
		print("  Frappe sent no statement to the primary during these reads.")
	sys.stdout.flush()
	return totals


def print_figures(label: str, seconds: str, f: dict, ours: bool):
	own = f"{f['ours select']:>6}/{f['ours questions']:<8}" if ours else f"{'-':>6} {'':<8}"
	print(
		f"  {label[:42]:<42} {seconds:>8} {f['replica select']:>7}/{f['replica questions']:<8} "
		f"{f['primary select']:>8}/{f['primary questions']:<9} {own}  "
		f"{f['sent replica']} ({f['connects replica']}) | {f['sent primary']} ({f['connects primary']})"
	)


def main():
	frappe, _args, extra = connect(__doc__.splitlines()[0], replica=True)
	from scale import build

	conf = frappe.conf
	if not (conf.read_from_replica and conf.replica_host and conf.replica_db_port):
		raise SystemExit(
			f"{frappe.local.site} has no read replica configured: run scripts/replica start {frappe.local.site}"
		)
	primary = Server(frappe, "primary", conf.db_host or "127.0.0.1", conf.db_port or 3306)
	replica = Server(frappe, "replica", conf.replica_host, conf.replica_db_port)
	(primary_version,), (replica_version,) = (
		primary.query("SELECT concat(version(), ' server_id ', @@server_id)")[0],
		replica.query("SELECT concat(version(), ' server_id ', @@server_id, ' read_only ', @@read_only)")[0],
	)
	print(f"Replica benchmark on {frappe.local.site}; frappe {frappe.__version__}")
	print(f"  primary {primary.host}:{primary.port} ({primary_version})")
	print(f"  replica {replica.host}:{replica.port} ({replica_version})")
	print(f"App: {app_source()}")
	no_data = "--no-data" in extra
	if not no_data and frappe.db.count("Employee", {"company": COMPANY}):
		print(f"Rows of {COMPANY} from an earlier run: deleted {delete_data(frappe):,}")
	statements = web = None
	try:
		started = time.perf_counter()
		if no_data:
			# the reads on what the site holds (the company may have no rows at all): which
			# server answers does not depend on the amount of data
			from erpnext.accounts.utils import get_fiscal_year

			fiscal_year = get_fiscal_year(frappe.utils.today(), company=COMPANY)[0]
			allocation = frappe.db.get_value("Resource Allocation", {"company": COMPANY})
		else:
			scale = build(
				frappe,
				acks_per_policy=option(extra, "--acks", 100),
				entries=option(extra, "--entries", 20_000),
			)
			fiscal_year, _start, _end, _accounts, _children, group = scale.ledger
			allocation = frappe.db.get_value(
				"Resource Allocation", {"company": COMPANY, "cost_center": group}
			)
		user, password = ensure_manager(frappe)
		frappe.db.commit()
		print(f"Data committed in {time.perf_counter() - started:.1f} s")
		print(f"Replica caught up in {wait_for_replica(frappe, primary, replica):.1f} s")
		seen = replica.query("SELECT count(*) FROM `tabPolicy Acknowledgement` WHERE company = %s", COMPANY)[
			0
		][0]
		print(f"  acknowledgements of {COMPANY} on the replica: {seen:,}")
		calls = [r for r in reads(fiscal_year, allocation) if allocation or r[1] != BUDGET_FIGURES]
		frappe.set_user(user)
		roles = ", ".join(r for r in frappe.get_roles() if r in ("ISMS Manager", "Employee"))
		print(f"Logged in as {user} ({roles})")
		statements = Statements(conf.replica_db_port)

		table(
			frappe,
			"In this process, each read a request of its own (frappe.handler.execute_cmd; "
			"primary (ours): this process's connection to the primary, SHOW SESSION STATUS):",
			[(label, lambda c=cmd, f=form: desk_call(frappe, c, **f)) for label, cmd, form in calls],
			primary,
			replica,
			statements,
			ours=True,
		)
		web = WebServer(frappe, user, password)
		table(
			frappe,
			f"Over HTTP, as the desk sends them: a POST to /api/method/<method> with the session cookie, "
			f"served by Frappe's WSGI application ({web.url}):",
			[(label, lambda c=cmd, f=form: web.call(c, f)) for label, cmd, form in calls],
			primary,
			replica,
			statements,
			ours=False,
		)
		print(
			"replica: SHOW GLOBAL STATUS of the replica (only this benchmark reads there); primary "
			"(global): of the primary, every client of the bench's MariaDB included (other sites' tests "
			"run there too); Frappe's statements: counted in Frappe's Database.sql per server, with the "
			"connections opened (each adds SET NAMES and SET AUTOCOMMIT, and its quit, to Questions)."
		)
	finally:
		if web:
			web.stop()
		if statements:
			statements.restore()
		frappe.set_user("Administrator")
		frappe.db.rollback()
		if not no_data:
			started = time.perf_counter()
			print(
				f"Deleted the benchmark's {delete_data(frappe):,} rows in {time.perf_counter() - started:.1f} s"
			)
			print(f"Replica caught up in {wait_for_replica(frappe, primary, replica):.1f} s")
		forget_spending(frappe)
		frappe.destroy()


if __name__ == "__main__":
	main()
