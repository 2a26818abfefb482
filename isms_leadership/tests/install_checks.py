"""Checks of ``scripts/install-tests``: install and uninstall the app on a scratch site.

Each step (a function marked ``@step``) runs in its own process, in the bench's ``sites``
folder, as ``../env/bin/python -m isms_leadership.tests.install_checks SITE STEP``: what
``bench --site SITE execute`` does (init, connect, call, commit), which cannot be used here
since ``frappe.get_attr`` refuses a function of an app the site does not have installed, and
most steps run without the app. A check that holds prints one line starting with ``ok``, which
the script counts; one that does not raises AssertionError: the step prints
``FAILED: <message>`` and exits 1.

Not a test module: ``bench run-tests`` never runs it (its name does not start with test_).
"""

import functools
import json
import pickle
import sys
from pathlib import Path

import frappe
from frappe.utils import add_years, getdate, today

import isms_leadership
from isms_leadership.core.catalogue import DEFAULT_ROLES
from isms_leadership.install import ACCOUNT_SELECTION, APP, rules_of
from isms_leadership.integrations.budget import GL_INDEX
from isms_leadership.workflows import EMAIL_TEMPLATES_DIR, load_definitions
from isms_leadership.workspace_blocks import BLOCKS

# ERPNext records the app must never change, counted before each install
ERPNEXT_DOCTYPES = ("Employee", "Budget", "GL Entry", "Account", "Cost Center")
# records the install itself makes (besides the fixtures): a site holding nothing else of the
# app has nothing to lose
INSTALLER_DOCTYPES = {"ISMS Role"}
# written between the steps, in the site's folder
STATE_FILE = "isms_install_tests.json"


STEPS = {}


def step(fn):
	"""A step the script may run; an AssertionError in it becomes one clear line and exit 1."""

	@functools.wraps(fn)
	def run():
		try:
			fn()
		except AssertionError as error:
			print(f"FAILED: {error}", file=sys.stderr, flush=True)
			raise SystemExit(1) from None

	STEPS[fn.__name__] = run
	return run


def main(site: str, name: str):
	"""Run one step on SITE, from the bench's sites folder."""
	if name not in STEPS:
		raise SystemExit(f"no step {name!r}; steps: {', '.join(STEPS)}")
	frappe.init(site=site)
	frappe.connect()
	try:
		STEPS[name]()
		frappe.db.commit()
	finally:
		frappe.destroy()


def check(holds: bool, what: str, otherwise: str = ""):
	if not holds:
		raise AssertionError(f"{what}: {otherwise}" if otherwise else what)
	print(f"ok  {what}", flush=True)


@step
def seed_erpnext_data():
	"""Make a little ERPNext data the app must never touch, when the site has none of it: two
	Employees, a submitted Budget and a submitted Journal Entry (two GL Entries)."""
	company = frappe.defaults.get_global_default("company") or frappe.db.get_value("Company", {})
	assert company, "the site has no Company: run erpnext.setup.utils.before_tests on it first"
	cost_center = frappe.get_cached_value("Company", company, "cost_center")
	expense = frappe.db.get_value(
		"Account",
		{"company": company, "root_type": "Expense", "is_group": 0, "report_type": "Profit and Loss"},
	)
	cash = frappe.get_cached_value("Company", company, "default_cash_account") or frappe.db.get_value(
		"Account", {"company": company, "account_type": "Cash", "is_group": 0}
	)
	made = []
	for number in range(frappe.db.count("Employee"), 2):
		employee = frappe.get_doc(
			{
				"doctype": "Employee",
				"first_name": f"Install Test {number + 1}",
				"gender": frappe.db.get_value("Gender", {}) or "Male",
				"date_of_birth": add_years(today(), -30),
				"date_of_joining": add_years(today(), -1),
				"company": company,
			}
		).insert()
		made.append(employee.name)
	if not frappe.db.exists("Budget", {"docstatus": 1}):
		from erpnext.accounts.utils import get_fiscal_year  # ERPNext only when seeding

		budget = frappe.get_doc(
			{
				"doctype": "Budget",
				"budget_against": "Cost Center",
				"company": company,
				"cost_center": cost_center,
				"fiscal_year": get_fiscal_year(getdate(today()), company=company)[0],
				"accounts": [{"account": expense, "budget_amount": 1000}],
			}
		).insert()
		budget.submit()
		made.append(budget.name)
	if not frappe.db.exists("GL Entry", {"is_cancelled": 0}):
		entry = frappe.get_doc(
			{
				"doctype": "Journal Entry",
				"company": company,
				"posting_date": today(),
				"accounts": [
					{"account": expense, "cost_center": cost_center, "debit_in_account_currency": 100},
					{"account": cash, "cost_center": cost_center, "credit_in_account_currency": 100},
				],
			}
		).insert()
		entry.submit()
		made.append(entry.name)
	frappe.db.commit()
	print(f"ERPNext data of {company}: " + (f"made {', '.join(made)}" if made else "present"), flush=True)


@step
def refuse_a_site_in_use():
	"""Uninstalling drops the app's tables: refuse a site where that would lose records."""
	if APP not in frappe.get_installed_apps():
		return
	fixtures = {
		fixture["doctype"] if isinstance(fixture, dict) else fixture
		for fixture in frappe.get_hooks("fixtures", app_name=APP)
	}
	held = {
		name: count
		for name, meta in app_doctypes().items()
		if not (meta.get("issingle") or meta.get("istable") or meta.get("is_virtual"))
		and name not in INSTALLER_DOCTYPES | fixtures
		and frappe.db.table_exists(name)
		and (count := frappe.db.count(name))
	}
	assert not held, (
		f"{frappe.local.site} holds records of {APP} "
		f"({', '.join(f'{name}: {count}' for name, count in held.items())}); "
		"install-tests uninstalls the app, which would delete them: give it a scratch site"
	)


@step
def make_cache_stale():
	"""Cache the module map as a site has it when a bench command ran before the app came into
	the bench: every app of the bench but this one (``frappe.init`` reads it from there)."""
	frappe.cache.delete_value("app_modules")
	frappe.setup_module_map()
	modules = frappe.local.app_modules
	check(APP in modules, f"the bench's module map has {APP}", f"apps: {', '.join(modules)}")
	frappe.cache.set_value("app_modules", {app: names for app, names in modules.items() if app != APP})
	key = frappe.cache.make_key("app_modules")
	# read back from Redis itself, not from this process's copy
	cached = pickle.loads(frappe.cache.get(key))
	check(
		APP not in cached,
		f"the cached module map {key.decode()} is stale: {', '.join(cached)} (no {APP})",
		f"it has {APP}",
	)


@step
def record_counts():
	"""Count the ERPNext records and the rows of every table, for the checks after install
	and after uninstall."""
	state = {
		"records": erpnext_counts(),
		"tables": table_counts(),
		"account_rules": account_rules(),
		# copies of Account's standard rules an earlier install left: uninstall may remove them
		"account_copies": frappe.db.count("Custom DocPerm", {"parent": "Account"})
		if rules_of("Custom DocPerm") == rules_of("DocPerm")
		else 0,
	}
	Path(frappe.get_site_path(STATE_FILE)).write_text(json.dumps(state, indent=1))
	print("before install: " + ", ".join(f"{name} {count}" for name, count in state["records"].items()))


@step
def check_installed():
	"""What ``install-app`` must have made."""
	state = read_state()
	check(APP in frappe.get_installed_apps(), f"{APP} is installed")
	doctypes = app_doctypes()
	synced = frappe.get_all("DocType", filters={"name": ["in", list(doctypes)]}, pluck="name")
	check(
		len(synced) == len(doctypes),
		f"its {len(doctypes)} doctypes are synced",
		f"missing {', '.join(sorted(set(doctypes) - set(synced)))}",
	)
	check(frappe.db.exists("DocType", "ISMS Settings"), "ISMS Settings exists")
	roles = frappe.db.count("ISMS Role")
	check(roles == len(DEFAULT_ROLES), f"{len(DEFAULT_ROLES)} ISMS Roles", f"found {roles}")
	workflows = workflow_names()
	active = frappe.get_all("Workflow", filters={"name": ["in", workflows], "is_active": 1}, pluck="name")
	check(
		len(active) == len(workflows),
		f"its {len(workflows)} workflows are active",
		f"missing {', '.join(sorted(set(workflows) - set(active)))}",
	)
	methods = scheduled_methods()
	jobs = frappe.get_all(
		"Scheduled Job Type", filters={"method": ["in", methods], "stopped": 0}, pluck="method"
	)
	check(
		len(jobs) == len(methods),
		f"its {len(methods)} Scheduled Job Types are active",
		f"missing {', '.join(sorted(set(methods) - set(jobs)))}",
	)
	items = portal_menu_items()
	check(items and all(row.enabled for row in items), "the portal menu has /policies")
	rule = frappe.db.get_value("Custom DocPerm", ACCOUNT_SELECTION, ["select", "read"], as_dict=True)
	check(rule and rule.select and not rule.read, "the ISMS Manager may select Accounts, not read them")
	check(frappe.db.has_index("tabGL Entry", GL_INDEX), f"GL Entry has the app's index {GL_INDEX}")
	for doctype, name in own_records():
		check(frappe.db.exists(doctype, name), f"{doctype} {name} exists")
	check_erpnext_counts(state)


@step
def check_uninstalled():
	"""What ``uninstall-app`` must have taken out, and what it must have left alone."""
	state = read_state()
	check(APP not in frappe.get_installed_apps(), f"{APP} is not installed")
	doctypes = app_doctypes()
	left = frappe.get_all("DocType", filters={"name": ["in", list(doctypes)]}, pluck="name")
	tables = [name for name in doctypes if frappe.db.table_exists(name)]
	check(not left and not tables, "its doctypes and tables are gone", f"{', '.join(left + tables)}")
	workflows = frappe.get_all("Workflow", filters={"name": ["in", workflow_names()]}, pluck="name")
	check(not workflows, "its workflows are gone", ", ".join(workflows))
	jobs = [
		job.name
		for job in frappe.get_all("Scheduled Job Type", fields=["name", "method"])
		if job.method.startswith(f"{APP}.")
	]
	check(not jobs, "no Scheduled Job Type of the app is left", ", ".join(jobs))
	check(not portal_menu_items(), "the portal menu has no /policies")
	check(
		not frappe.db.exists("Custom DocPerm", ACCOUNT_SELECTION),
		"the ISMS Manager's rule on Account is gone",
	)
	rules = account_rules()
	check(
		rules == state["account_rules"],
		f"Account's {len(rules)} rules in force are those of before",
		f"before: {state['account_rules']}",
	)
	check(
		not frappe.db.count("Custom DocPerm", {"parent": "Account"})
		or rules_of("Custom DocPerm") != rules_of("DocPerm"),
		"no copy of Account's standard rules is left as custom rules",
	)
	check(not frappe.db.has_index("tabGL Entry", GL_INDEX), f"GL Entry no longer has {GL_INDEX}")
	for doctype, name in own_records():
		check(not frappe.db.exists(doctype, name), f"{doctype} {name} is gone")
	check_erpnext_counts(state)
	before, after = state["tables"], table_counts()
	allowed = {"tabCustom DocPerm": state.get("account_copies", 0)}
	lost = {
		name: after[name] - before[name]
		for name in before.keys() & after.keys()
		if after[name] < before[name] - allowed.get(name, 0)
	}
	check(not lost, "no table of another app lost rows", describe(lost))
	grew = {name: after[name] - before.get(name, 0) for name in after if after[name] > before.get(name, 0)}
	print(f"left on the site: {describe(grew) or 'nothing'}", flush=True)


def account_rules() -> list[list]:
	"""The rules in force on Account: the site's own (Custom DocPerm) if it has any, else
	ERPNext's (DocPerm)."""
	custom = rules_of("Custom DocPerm")
	return [list(rule) for rule in (custom or rules_of("DocPerm"))]


def own_records() -> list[tuple[str, str]]:
	"""The records the app writes outside its modules: its workspace blocks and the e-mail
	templates of its workflows."""
	templates = [frappe.parse_json(path.read_text())["name"] for path in EMAIL_TEMPLATES_DIR.glob("*.json")]
	return [("Custom HTML Block", name) for name in BLOCKS] + [("Email Template", name) for name in templates]


def check_erpnext_counts(state: dict):
	for doctype, count in erpnext_counts().items():
		before = state["records"][doctype]
		check(count == before, f"{doctype}: {count} as before", f"{before} before")


def erpnext_counts() -> dict[str, int]:
	return {doctype: frappe.db.count(doctype) for doctype in ERPNEXT_DOCTYPES}


def table_counts() -> dict[str, int]:
	tables = frappe.db.sql_list(
		"select table_name from information_schema.tables where table_schema = %s and table_type = 'BASE TABLE'",
		frappe.conf.db_name,
	)
	return {table: frappe.db.sql(f"select count(*) from `{table}`")[0][0] for table in tables}


def describe(changes: dict[str, int]) -> str:
	return ", ".join(f"{table} {change:+d}" for table, change in sorted(changes.items()))


def read_state() -> dict:
	path = Path(frappe.get_site_path(STATE_FILE))
	assert path.exists(), f"no {path}: run record_counts before installing"
	return json.loads(path.read_text())


def app_doctypes() -> dict[str, dict]:
	"""The app's doctypes by name, from its package (the site may not have them)."""
	root = Path(isms_leadership.__file__).parent
	doctypes = {}
	for module in (root / "modules.txt").read_text().splitlines():
		for path in (root / frappe.scrub(module) / "doctype").glob("*/*.json"):
			if path.stem == path.parent.name:
				meta = json.loads(path.read_text())
				doctypes[meta["name"]] = meta
	return doctypes


def workflow_names() -> list[str]:
	return [definition["workflow_name"] for definition in load_definitions()]


def scheduled_methods() -> list[str]:
	methods = []
	for events in frappe.get_hooks("scheduler_events", app_name=APP).values():
		# "daily": [methods], or "cron": {expression: [methods]}
		for group in events.values() if isinstance(events, dict) else [events]:
			methods.extend(group)
	return methods


def portal_menu_items() -> list:
	routes = {item["route"] for item in frappe.get_hooks("standard_portal_menu_items", app_name=APP)}
	settings = frappe.get_single("Portal Settings")
	return [row for row in settings.menu + settings.custom_menu if row.route in routes]


if __name__ == "__main__":
	main(*sys.argv[1:])
