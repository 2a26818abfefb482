"""The demo: ISMS Demo Ltd, a company of sixty people that has lived with its ISMS for a year.

``bench --site <site> isms-demo`` (``isms_leadership/commands.py``) loads it; ``load()`` is the
loader and never commits (the command does), so a test can run it in its own transaction.

Everything goes through the controllers and workflows a user meets, as the person who would
do it: HR appoints, the ISMS Manager drafts, finance reviews, the directors approve, employees
acknowledge, owners report on their actions. The year is replayed: each step runs with the
clock set to its own day (relative to today), so approval times, acknowledgement dates, due
dates, overdue acknowledgements and actions come out as they would have. Dates in the future
never happen.

Nothing is made twice. Each record is looked up by a natural key (a login, a title, a
purpose) and left as it is when it exists; the history of a record (its approvals, its
acknowledgements, the spending against a budget) is replayed only when the record is made in
the same run. A second run therefore creates and changes nothing, and says so.

More of the demo (objectives, communication, awareness) is loaded by the modules in
``EXTENSIONS``, after the people, roles, policies, budget and reviews below exist.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import frappe
from frappe.utils import add_days, add_months, get_first_day, get_last_day, getdate, strip_html, today

from isms_leadership.core.catalogue import (
	INFORMATION_SECURITY_MANAGER,
	INTERNAL_AUDITOR,
	PERFORMANCE_REPORTER,
	TOP_MANAGEMENT,
)
from isms_leadership.core.policy import TOP_LEVEL

COMPANY = "ISMS Demo Ltd"
ABBR = "IDL"
CURRENCY = "USD"
DOMAIN = "isms-demo.example"
DEFAULT_PASSWORD = "isms-demo"
TOPIC = "Topic-specific Policy"

#: loaded after the core of the demo, each as ``load(company, log) -> {doctype: made}``
EXTENSIONS = ("isms_leadership.demo_practice.load",)


def login(key: str) -> str:
	"""The user of a demo person: ``director`` → ``director@isms-demo.example``."""
	return key if "@" in key or key in ("Administrator", "Guest") else f"{key}@{DOMAIN}"


# the people -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Person:
	key: str  # the login's local part
	first_name: str
	last_name: str
	department: str
	designation: str
	gender: str
	desk_roles: tuple[str, ...] = ()
	#: directors, finance, HR and the ISMS roles work with every employee's record of the
	#: company; ERPNext restricts everybody else to their own Employee record
	sees_all_employees: bool = False
	about: str = ""


LOGINS = (
	Person(
		"director",
		"Eleanor",
		"Whitfield",
		"Board",
		"Chief Executive Officer",
		"Female",
		sees_all_employees=True,
		about="Chief Executive; holds Top Management: chairs reviews, approves",
	),
	Person(
		"cfo",
		"Rajesh",
		"Mehta",
		"Board",
		"Chief Financial Officer",
		"Male",
		("Accounts Manager",),
		sees_all_employees=True,
		about="Chief Financial Officer; holds Top Management; Accounts Manager",
	),
	Person(
		"finance",
		"Grace",
		"Adeyemi",
		"Finance",
		"Financial Controller",
		"Female",
		("Accounts Manager", "Accounts User"),
		sees_all_employees=True,
		about="finance reviewer of the security budget (Accounts Manager)",
	),
	Person(
		"hr",
		"Daniel",
		"Brooks",
		"Human Resources",
		"HR Manager",
		"Male",
		("HR Manager", "HR User"),
		sees_all_employees=True,
		about="HR Manager: appoints ISMS roles, records leavers",
	),
	Person(
		"ism",
		"Amelia",
		"Hart",
		"Information Security",
		"Information Security Manager",
		"Female",
		sees_all_employees=True,
		about="holds Information Security Manager (desk role ISMS Manager)",
	),
	Person(
		"auditor",
		"Victor",
		"Lindqvist",
		"Internal Audit",
		"Internal Auditor",
		"Male",
		sees_all_employees=True,
		about="holds Internal Auditor (desk role ISMS Auditor)",
	),
	Person(
		"employee",
		"Sam",
		"Taylor",
		"Operations",
		"Operations Associate",
		"Male",
		about="a plain employee with a policy acknowledgement pending",
	),
	Person(
		"candidate",
		"Noah",
		"Fischer",
		"Engineering",
		"Software Engineer",
		"Male",
		about="an engineer with no ISMS role, free to be appointed",
	),
)

#: (first name, last name, department, designation, gender)
STAFF = (
	("Olivia", "Grant", "Board", "Chief Operating Officer", "Female"),
	("Priya", "Natarajan", "Information Security", "Security Analyst", "Female"),
	("Tomasz", "Nowak", "Information Security", "Security Engineer", "Male"),
	("Hannah", "Okafor", "Legal and Compliance", "Legal Counsel", "Female"),
	("Luca", "Romano", "Legal and Compliance", "Compliance Officer", "Male"),
	("Laura", "Chen", "Human Resources", "Learning and Development Lead", "Female"),
	("Fatima", "Zahra", "Human Resources", "HR Officer", "Female"),
	("Oliver", "Bennett", "Finance", "Accountant", "Male"),
	("Mei", "Tanaka", "Finance", "Accounts Assistant", "Female"),
	("Sofia", "Marin", "Engineering", "Head of Engineering", "Female"),
	("Ethan", "Clarke", "Engineering", "Software Engineer", "Male"),
	("Aisha", "Rahman", "Engineering", "Software Engineer", "Female"),
	("Jonas", "Weber", "Engineering", "Platform Engineer", "Male"),
	("Chloe", "Dubois", "Engineering", "Software Engineer", "Female"),
	("Mateo", "Silva", "Engineering", "Platform Engineer", "Male"),
	("Isabel", "Costa", "Engineering", "Quality Engineer", "Female"),
	("Lucas", "Meyer", "Engineering", "Software Engineer", "Male"),
	("Nina", "Petrova", "Engineering", "Data Engineer", "Female"),
	("Kwame", "Mensah", "Engineering", "Software Engineer", "Male"),
	("Elif", "Yilmaz", "Engineering", "Software Engineer", "Female"),
	("Arjun", "Rao", "Engineering", "Site Reliability Engineer", "Male"),
	("Yusuf", "Demir", "Engineering", "Software Engineer", "Male"),
	("Clara", "Jensen", "Engineering", "Product Designer", "Female"),
	("Marcus", "Bell", "Operations", "Head of Operations", "Male"),
	("Emily", "Watson", "Operations", "Operations Associate", "Female"),
	("George", "Harris", "Operations", "Facilities Coordinator", "Male"),
	("Zara", "Ahmed", "Operations", "Operations Associate", "Female"),
	("Jack", "Turner", "Operations", "Logistics Coordinator", "Male"),
	("Lily", "Evans", "Operations", "Operations Associate", "Female"),
	("Omar", "Haddad", "Operations", "IT Support Technician", "Male"),
	("Ruby", "Collins", "Operations", "Office Manager", "Female"),
	("Felix", "Wagner", "Operations", "Procurement Officer", "Male"),
	("Hana", "Kim", "Operations", "Operations Associate", "Female"),
	("Ines", "Duarte", "Operations", "Operations Associate", "Female"),
	("Charlotte", "King", "Sales", "Head of Sales", "Female"),
	("Benjamin", "Scott", "Sales", "Account Executive", "Male"),
	("Ava", "Mitchell", "Sales", "Account Executive", "Female"),
	("Leo", "Martin", "Sales", "Sales Development Representative", "Male"),
	("Isla", "Campbell", "Sales", "Account Manager", "Female"),
	("Henry", "Wright", "Sales", "Account Executive", "Male"),
	("Maya", "Patel", "Sales", "Sales Operations Analyst", "Female"),
	("Samuel", "Green", "Sales", "Account Manager", "Male"),
	("Tom", "Fletcher", "Sales", "Sales Development Representative", "Male"),
	("Freya", "Hughes", "Customer Support", "Head of Customer Support", "Female"),
	("Adam", "Novak", "Customer Support", "Support Specialist", "Male"),
	("Sophie", "Baker", "Customer Support", "Support Specialist", "Female"),
	("Liam", "Murphy", "Customer Support", "Support Specialist", "Male"),
	("Ella", "Robinson", "Customer Support", "Support Specialist", "Female"),
	("Theo", "Walker", "Customer Support", "Support Specialist", "Male"),
	("Rosa", "Alvarez", "Customer Support", "Support Specialist", "Female"),
	("Kofi", "Boateng", "Customer Support", "Technical Support Engineer", "Male"),
	("Anna", "Kowalska", "Customer Support", "Support Specialist", "Female"),
)

PEOPLE = LOGINS + tuple(
	Person(f"{first.lower()}.{last.lower()}", first, last, department, designation, gender)
	for first, last, department, designation, gender in STAFF
)
#: leaves this month; the Incident Response Lead, whose role is then vacant
LEAVER = "tomasz.nowak"
#: approve, review, own ISMS roles: they acknowledge policies within days
LEADERS = frozenset({"director", "cfo", "finance", "hr", "ism", "auditor", "priya.natarajan"})
#: the first management review was held some five months ago
REVIEW_DAYS_AGO = 150


def hashed(*parts: str) -> int:
	"""A stable number 0..99 for a combination (who acknowledges when, who joined when)."""
	return zlib.crc32("|".join(parts).encode()) % 100


# the replayed year -------------------------------------------------------------------------


class Clock:
	"""Sets the time of the steps of the replayed year, one day at a time (with freezegun)."""

	def __init__(self, now_day: date):
		self.today = now_day
		self.steps = 0
		self._freezer = self._frozen = None

	def __enter__(self):
		try:
			from freezegun import freeze_time
		except ImportError as e:  # pragma: no cover - freezegun is a dependency of the app
			raise RuntimeError(
				"The demo replays its year with freezegun: `bench pip install freezegun`."
			) from e
		self._freezer = freeze_time(self._real_utcnow())
		self._frozen = self._freezer.start()
		return self

	def __exit__(self, *exc):
		self._freezer.stop()
		self._freezer = self._frozen = None

	def at(self, day, hour: int = 9) -> None:
		"""Continue on ``day`` at about ``hour`` o'clock (site time); never later than now."""
		import pytz

		self.steps += 1
		# never on a whole second: Frappe compares a record's stored modification time with the
		# one it read as text, and a datetime without microseconds prints without them
		local = datetime.combine(getdate(day), time(hour)) + timedelta(
			seconds=7 * self.steps, microseconds=100_000 + self.steps % 900_000
		)
		zone = pytz.timezone(frappe.utils.get_system_timezone())
		moment = zone.localize(local).astimezone(pytz.utc).replace(tzinfo=None)
		self._frozen.move_to(min(moment, self._real_utcnow()))

	@staticmethod
	def _real_utcnow() -> datetime:
		from freezegun.api import real_datetime

		return real_datetime.utcnow()


@contextmanager
def as_user(key: str):
	previous = frappe.session.user
	frappe.set_user(login(key))
	try:
		yield
	finally:
		frappe.set_user(previous)


def transition(doctype: str, name: str, action: str):
	"""A workflow action as the desk applies it, on a fresh copy of the record."""
	from frappe.model.workflow import apply_workflow

	apply_workflow(frappe.get_doc(doctype, name).as_dict(), action)
	return frappe.get_doc(doctype, name)


class Demo:
	"""One run of the loader: the dates it works with, what it made, what it was refused."""

	def __init__(self, password: str, log: Callable[[str], None]):
		self.password = password
		self.log = log
		self.today = getdate(today())
		self.clock = Clock(self.today)
		self.refusals: list[str] = []
		self.acknowledged = 0
		self.made_now: set[str] = set()

	def progress(self, phase: str) -> None:
		from freezegun.api import real_time

		self.started = getattr(self, "started", None) or real_time()
		self.log(f"  … {phase} ({real_time() - self.started:.0f} s)")

	def ago(self, days: int) -> date:
		return add_days(self.today, -days)

	# the dates of the story, all relative to today
	@property
	def appointed(self) -> date:
		return self.ago(425)  # the ISMS was set up some fourteen months ago

	@property
	def first_review(self) -> date:
		return self.ago(REVIEW_DAYS_AGO)

	@property
	def leaving_day(self) -> date:
		return max(get_first_day(self.today), self.ago(2))

	def employee(self, key: str) -> str | None:
		return frappe.db.get_value("Employee", {"user_id": login(key), "company": COMPANY}, "name")


# loading ------------------------------------------------------------------------------------


def load(password: str = DEFAULT_PASSWORD, log: Callable[[str], None] = print) -> dict:
	"""Make whatever of the demo is missing. Never commits.

	Returns {"made": {doctype: count}, "changed": bool, "refusals": [...], "logins": [...]}.
	"""
	demo = Demo(password, log)
	previous_user = frappe.session.user
	frappe.set_user("Administrator")
	before = census()
	try:
		ensure_company(demo)
		fiscal_year = ensure_fiscal_year(demo.today)
		ensure_ledger()
		with demo.clock:
			demo.clock.at(add_days(demo.appointed, -30))
			for phase, step in (
				("people", ensure_people),
				("ISMS roles", appoint_roles),
				("policies and their acknowledgements", lambda d: publish_policies(d, before_review=True)),
				("the half-year management review", hold_first_review),
				("the security budget and its spending", lambda d: fund_security(d, fiscal_year)),
				("actions of the review", close_first_review_actions),
				("recent policies", lambda d: publish_policies(d, before_review=False)),
				("a leaver", record_leaver),
				("work waiting for approval", lambda d: prepare_pending_work(d, fiscal_year)),
				("the next management review", prepare_next_review),
			):
				demo.progress(phase)
				step(demo)
		refuse_conflicting_appointment(demo)
		frappe.set_user("Administrator")
		demo.progress("objectives, communication and awareness")
		extended = run_extensions(demo)
		demo.progress("the daily jobs")
		run_daily_jobs()
	finally:
		frappe.set_user(previous_user)
	after = census()
	made = {doctype: after[doctype][0] - before[doctype][0] for doctype in after}
	for doctype, count in extended.items():
		made[doctype] = max(made.get(doctype, 0), count)
	changed = before != after or demo.acknowledged > 0
	result = {
		"made": {doctype: count for doctype, count in made.items() if count},
		"totals": {doctype: after[doctype][0] for doctype in after},
		"acknowledged": demo.acknowledged,
		"changed": changed,
		"refusals": demo.refusals,
		"logins": [(login(p.key), p.about) for p in LOGINS],
	}
	report(result, demo)
	return result


def run_extensions(demo: Demo) -> dict[str, int]:
	made: dict[str, int] = {}
	for path in EXTENSIONS:
		for doctype, count in (frappe.get_attr(path)(COMPANY, log=demo.log) or {}).items():
			made[doctype] = made.get(doctype, 0) + count
	return made


#: what the demo company holds, for the summary and for "nothing changed"
CENSUS = (
	"Employee",
	"User",
	"Role Assignment",
	"Security Policy",
	"Policy Acknowledgement",
	"Resource Allocation",
	"Budget",
	"Journal Entry",
	"GL Entry",
	"Management Review",
	"ISMS Action",
	"Security Objective",
	"ISMS Planned Communication",
	"ISMS Communication",
	"ISMS Awareness Record",
	"ToDo",
)


def census() -> dict[str, tuple[int, str]]:
	"""(count, latest modification) of the demo's records per doctype."""
	from frappe.query_builder.functions import Count, Max

	counts = {}
	for doctype in CENSUS:
		table = frappe.qb.DocType(doctype)
		if doctype == "User":
			condition = table.name.like(f"%@{DOMAIN}")
		elif doctype == "ToDo":
			condition = table.allocated_to.like(f"%@{DOMAIN}")
		else:
			condition = table.company == COMPANY
		count, latest = (
			frappe.qb.from_(table).select(Count("*"), Max(table.modified)).where(condition).run()[0]
		)
		counts[doctype] = (count, str(latest or ""))
	return counts


def report(result: dict, demo: Demo) -> None:
	log = demo.log
	log(f"ISMS demo: {COMPANY} (today is {frappe.format(demo.today, 'Date')})")
	if result["changed"]:
		width = max(len(d) for d in result["totals"])
		for doctype, total in result["totals"].items():
			made = result["made"].get(doctype, 0)
			if made or total:
				log(f"  {doctype:<{width}}  {made:>5} made, {total:>6} in the demo company")
		for doctype, count in result["made"].items():
			if doctype not in result["totals"]:
				log(f"  {doctype:<{width}}  {count:>5} made")
		log(f"  Policy acknowledgements given by their employees in this run: {result['acknowledged']}")
	else:
		log("  Nothing to do: the demo is complete; nothing was created or changed.")
	for message in result["refusals"]:
		log(f"  Refused, as it must be: {message}")
	log(f'Logins (password "{demo.password}"):')
	for user, about in result["logins"]:
		log(f"  {user:<28} {about}")
	log(f"  and {len(PEOPLE) - len(LOGINS)} more employees, first.last@{DOMAIN}")


# the company and its ledger -------------------------------------------------------------


def ensure_company(demo: Demo) -> None:
	"""The demo company; on a site whose setup was never done, ERPNext's setup makes it."""
	if frappe.db.exists("Company", COMPANY):
		return
	if not frappe.db.a_row_exists("Company") and not frappe.is_setup_complete():
		from frappe.desk.page.setup_wizard.setup_wizard import setup_complete

		year = demo.today.year
		# ERPNext's own setup (it commits when done, as the setup wizard does)
		setup_complete(
			{
				"language": "English",
				"country": "United Kingdom",
				"timezone": "Europe/London",
				"currency": CURRENCY,
				"company_name": COMPANY,
				"company_abbr": ABBR,
				"chart_of_accounts": "Standard",
				"fy_start_date": f"{year}-01-01",
				"fy_end_date": f"{year}-12-31",
			}
		)
		frappe.set_user("Administrator")
		# the setup wizard's time zone may differ from the one today was read in
		demo.today = getdate(today())
	if not frappe.db.exists("Company", COMPANY):
		frappe.get_doc(
			{
				"doctype": "Company",
				"company_name": COMPANY,
				"abbr": ABBR,
				"default_currency": CURRENCY,
				"country": frappe.db.get_single_value("System Settings", "country") or "United Kingdom",
				"chart_of_accounts": "Standard",
			}
		).insert()


def ensure_fiscal_year(day: date) -> str:
	"""The ERPNext fiscal year of ``day`` for the demo company, made (calendar year) if missing."""
	from erpnext.accounts.utils import get_fiscal_year

	found = get_fiscal_year(day, company=COMPANY, boolean=True)
	if found:
		return found[0][0]
	covering = frappe.db.get_value(
		"Fiscal Year",
		{"year_start_date": ["<=", day], "year_end_date": [">=", day], "disabled": 0},
		"name",
	)
	if covering:
		# a fiscal year kept for some companies: the demo company keeps it too
		fiscal_year = frappe.get_doc("Fiscal Year", covering)
		fiscal_year.append("companies", {"company": COMPANY})
		fiscal_year.save()
	else:
		start = date(day.year, 1, 1)
		name = str(day.year) if not frappe.db.exists("Fiscal Year", str(day.year)) else f"FY {day.year}"
		fiscal_year = frappe.get_doc(
			{
				"doctype": "Fiscal Year",
				"year": name,
				"year_start_date": start,
				"year_end_date": date(day.year, 12, 31),
			}
		).insert()
	frappe.cache.delete_value("fiscal_years")
	return fiscal_year.name


#: the security budget's categories and the expense accounts finance books them on
SECURITY_ACCOUNTS = {
	"Personnel": "Salary",
	"Training & Awareness": "Security Awareness and Training",
	"Tools & Technology": "Security Tools and Licences",
	"External Services": "Security Consulting",
	"Audit & Certification": "Certification and Audit Fees",
}
SECURITY_COST_CENTER = "Information Security"


def account(category: str) -> str:
	return f"{SECURITY_ACCOUNTS[category]} - {ABBR}"


def cost_center() -> str:
	return f"{SECURITY_COST_CENTER} - {ABBR}"


def ensure_ledger() -> None:
	"""The security cost center and expense accounts finance keeps for the security budget."""
	parent = f"Indirect Expenses - {ABBR}"
	for name in SECURITY_ACCOUNTS.values():
		if not frappe.db.exists("Account", f"{name} - {ABBR}"):
			frappe.get_doc(
				{
					"doctype": "Account",
					"account_name": name,
					"parent_account": parent,
					"company": COMPANY,
					"is_group": 0,
				}
			).insert()
	if not frappe.db.exists("Cost Center", cost_center()):
		root = frappe.db.get_value(
			"Cost Center", {"company": COMPANY, "is_group": 1, "parent_cost_center": ["is", "not set"]}
		)
		frappe.get_doc(
			{
				"doctype": "Cost Center",
				"cost_center_name": SECURITY_COST_CENTER,
				"company": COMPANY,
				"parent_cost_center": root,
				"is_group": 0,
			}
		).insert()


# the people ------------------------------------------------------------------------------


def ensure_people(demo: Demo) -> None:
	from frappe.permissions import add_user_permission
	from frappe.utils.password import check_password, update_password

	departments = {p.department for p in PEOPLE}
	for department in sorted(departments):
		if not frappe.db.exists("Department", f"{department} - {ABBR}"):
			frappe.get_doc(
				{
					"doctype": "Department",
					"department_name": department,
					"company": COMPANY,
					"parent_department": frappe.db.get_value(
						"Department", {"is_group": 1, "parent_department": ["in", ["", None]]}
					)
					or "All Departments",
				}
			).insert()
	for designation in sorted({p.designation for p in PEOPLE}):
		if not frappe.db.exists("Designation", designation):
			frappe.get_doc({"doctype": "Designation", "designation_name": designation}).insert()

	for person in PEOPLE:
		user = login(person.key)
		if not frappe.db.exists("User", user):
			doc = frappe.new_doc("User")  # with the User's defaults (an import skips them)
			doc.update(
				{
					"email": user,
					"first_name": person.first_name,
					"last_name": person.last_name,
					"send_welcome_email": 0,
				}
			)
			doc.append_roles(*person.desk_roles)
			# a bulk load of the staff, as Data Import does it: Frappe's limit of users created
			# per hour guards sign-ups, not this
			frappe.flags.in_import, in_import = True, frappe.flags.in_import
			try:
				doc.insert()
			finally:
				frappe.flags.in_import = in_import
		else:
			doc = frappe.get_doc("User", user)
			missing = [r for r in person.desk_roles if r not in {row.role for row in doc.roles}]
			if missing:
				doc.add_roles(*missing)
		try:
			check_password(user, demo.password, delete_tracker_cache=False)
		except frappe.AuthenticationError:
			update_password(user, demo.password)
		if person.sees_all_employees:
			# every employee of the company, and only of this company (the site may have others);
			# it is their default company too. Everybody else ERPNext restricts to their own
			# Employee record and company when the Employee is made.
			add_user_permission("Company", COMPANY, user, is_default=1)
		# the company their forms and reports start with (the site's default may be another)
		if frappe.db.get_value("DefaultValue", {"parent": user, "defkey": "company"}, "defvalue") != COMPANY:
			frappe.defaults.set_user_default("company", COMPANY, user)

		if demo.employee(person.key):
			continue
		h = hashed(person.key, "joined")
		frappe.get_doc(
			{
				"doctype": "Employee",
				"first_name": person.first_name,
				"last_name": person.last_name,
				"gender": person.gender,
				"date_of_birth": date(1968 + h % 32, 1 + h % 12, 1 + h % 28),
				"date_of_joining": date(2014 + h % 10, 1 + (h * 7) % 12, 1 + (h * 3) % 28),
				"company": COMPANY,
				"department": f"{person.department} - {ABBR}",
				"designation": person.designation,
				"status": "Active",
				"user_id": user,
				"create_user_permission": 0 if person.sees_all_employees else 1,
			}
		).insert()
		demo.made_now.add(f"Employee:{person.key}")


def record_leaver(demo: Demo) -> None:
	"""HR records that the Incident Response Lead left this month; the app vacates the role."""
	if f"Employee:{LEAVER}" not in demo.made_now:
		return
	demo.clock.at(demo.leaving_day, hour=17)
	with as_user("hr"):
		employee = frappe.get_doc("Employee", demo.employee(LEAVER))
		employee.status = "Left"
		employee.relieving_date = demo.leaving_day
		employee.reason_for_leaving = "Moved abroad"
		employee.save()


# ISMS roles ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Appointment:
	person: str
	isms_role: str
	requested: int  # days after the ISMS was set up (negative: days before today)
	approver: str | None  # None: waits for the director
	deputy: str | None = None
	accepted: bool = True
	evidence: str | None = None


APPOINTMENTS = (
	# the company's first top-management appointment is approved by a System Manager
	Appointment("director", TOP_MANAGEMENT, 0, "Administrator"),
	Appointment("cfo", TOP_MANAGEMENT, 1, "director"),
	Appointment(
		"ism",
		INFORMATION_SECURITY_MANAGER,
		2,
		"director",
		deputy="priya.natarajan",
		evidence="ISO/IEC 27001 Lead Implementer",
	),
	Appointment("auditor", INTERNAL_AUDITOR, 2, "cfo", evidence="ISO/IEC 27001 Lead Auditor"),
	Appointment("auditor", PERFORMANCE_REPORTER, 3, "director"),
	Appointment("marcus.bell", "Risk Owner", 5, "cfo"),
	Appointment("sofia.marin", "Asset Owner", 5, "director"),
	Appointment(LEAVER, "Incident Response Lead", 6, "director", deputy="priya.natarajan"),
	# approved lately; the appointee has not accepted yet
	Appointment("hannah.okafor", "Data Protection Officer", -20, "director", accepted=False),
)
#: sent by HR, waiting for the director's approval
PENDING_APPOINTMENT = Appointment("laura.chen", "Security Awareness Lead", -3, None, accepted=False)
#: what the controller must refuse: the ISMS Manager may not also audit the ISMS
CONFLICTING_APPOINTMENT = Appointment("ism", INTERNAL_AUDITOR, -1, None)


def appoint_roles(demo: Demo) -> None:
	for appointment in APPOINTMENTS:
		appoint(demo, appointment)


def existing_assignment(employee: str, isms_role: str) -> str | None:
	return frappe.db.get_value(
		"Role Assignment",
		{"employee": employee, "isms_role": isms_role, "company": COMPANY, "docstatus": ["<", 2]},
		"name",
	)


def appoint(demo: Demo, spec: Appointment) -> str | None:
	employee = demo.employee(spec.person)
	if existing_assignment(employee, spec.isms_role):
		return None
	start = add_days(demo.appointed, spec.requested) if spec.requested >= 0 else demo.ago(-spec.requested)
	demo.clock.at(start, hour=10)
	doc = frappe.get_doc(
		{
			"doctype": "Role Assignment",
			"employee": employee,
			"company": COMPANY,
			"isms_role": spec.isms_role,
			"from_date": start,
			"deputy": demo.employee(spec.deputy) if spec.deputy else None,
			"competence_evidence": [
				{
					"evidence_type": "Certification",
					"description": spec.evidence,
					"valid_until": add_months(start, 36),
				}
			]
			if spec.evidence
			else [],
		}
	)
	with as_user("hr"):
		doc.insert()
		doc = transition("Role Assignment", doc.name, "Submit for Approval")
	if not spec.approver:
		return doc.name
	demo.clock.at(add_days(start, 1 if spec.requested >= 0 else 8), hour=11)
	with as_user(spec.approver):
		doc = transition("Role Assignment", doc.name, "Approve")
	if spec.accepted:
		from isms_leadership.isms_leadership.doctype.role_assignment.role_assignment import accept

		demo.clock.at(add_days(start, 2), hour=12)
		with as_user(spec.person):
			accept(doc.name)
	return doc.name


def refuse_conflicting_appointment(demo: Demo) -> None:
	"""HR tries to make the ISMS Manager the internal auditor too; the controller refuses."""
	from isms_leadership.exceptions import ConflictingRoleError

	spec = CONFLICTING_APPOINTMENT
	frappe.db.savepoint("isms_demo_conflict")
	try:
		with as_user("hr"):
			frappe.get_doc(
				{
					"doctype": "Role Assignment",
					"employee": demo.employee(spec.person),
					"company": COMPANY,
					"isms_role": spec.isms_role,
					"from_date": demo.today,
					"competence_evidence": [
						{"evidence_type": "Certification", "description": "ISO/IEC 27001 Lead Auditor"}
					],
				}
			).insert()
	except ConflictingRoleError as e:
		demo.refusals.append(strip_html(str(e)))
		frappe.clear_last_message()
	else:
		demo.refusals.append("NOT REFUSED: the conflicting appointment was accepted")
	finally:
		# nothing of the attempt stays, not even a naming series number
		frappe.db.rollback(save_point="isms_demo_conflict")


# policies -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Policy:
	title: str
	owner: str
	published: int | None  # days ago; None: waits for the director's approval
	approver: str = "director"
	scope: str = "All employees, contractors and systems of ISMS Demo Ltd."
	body: tuple[str, ...] = ()
	audience_department: str | None = None
	policy_type: str = TOPIC


TOP_POLICY = Policy(
	"Information Security Policy",
	"ism",
	400,
	policy_type=TOP_LEVEL,
	body=(
		"ISMS Demo Ltd protects the confidentiality, integrity and availability of the information "
		"entrusted to it by customers, employees and partners.",
		"Top management sets information security objectives each year, provides the resources to "
		"meet them and reviews the ISMS at planned intervals.",
		"We comply with applicable legal, regulatory and contractual requirements, including data "
		"protection law and our customers' security requirements.",
		"We continually improve the ISMS through audits, management reviews and lessons learned "
		"from incidents.",
		"Every employee follows the topic-specific policies that implement this policy and reports "
		"security incidents without delay.",
	),
)
TOPIC_POLICIES = (
	Policy(
		"Access Control Policy",
		"ism",
		395,
		body=(
			"Access is granted on the principle of least privilege and approved by the asset owner.",
			"Access rights are reviewed every six months and removed on the day an employee leaves.",
		),
	),
	Policy(
		"Backup and Recovery Policy",
		"sofia.marin",
		390,
		approver="cfo",
		scope="Production systems and business applications.",
		body=(
			"Critical systems are backed up daily and copies are kept off site for 90 days.",
			"Restores are tested at least once a year for every critical system.",
		),
	),
	Policy(
		"Acceptable Use Policy",
		"hr",
		360,
		body=(
			"Company devices and accounts are for business use; limited personal use is allowed.",
			"Passwords are never shared and company data is never stored on personal accounts.",
		),
	),
	Policy(
		"Information Classification and Handling Policy",
		"ism",
		330,
		approver="cfo",
		body=(
			"Information is classified as Public, Internal, Confidential or Restricted.",
			"Confidential and Restricted information is encrypted in transit and at rest.",
		),
	),
	Policy(
		"Cryptography Policy",
		"sofia.marin",
		270,
		scope="Engineering: the products and the platform.",
		audience_department="Engineering",
		body=(
			"Only approved algorithms and key lengths are used; keys are kept in the key vault.",
			"Certificates are renewed automatically and monitored for expiry.",
		),
	),
	Policy(
		"Incident Management Policy",
		"ism",
		210,
		body=(
			"Everyone reports a suspected security incident to the service desk at once.",
			"The incident response lead classifies, contains and records each incident.",
		),
	),
	Policy(
		"Remote Working Policy",
		"hr",
		8,
		approver="cfo",
		body=(
			"Remote work uses company devices with disk encryption and the company VPN.",
			"Screens are locked when unattended and confidential calls are not taken in public.",
		),
	),
	Policy(
		"Supplier Security Policy",
		"ism",
		None,
		body=(
			"Suppliers that handle Confidential information sign our security requirements.",
			"Critical suppliers are assessed before the contract and every year after.",
		),
	),
)
#: version 2 of the Access Control Policy, decided in the first management review
ACCESS_CONTROL_V2 = (
	"Access is granted on the principle of least privilege and approved by the asset owner.",
	"Multi-factor authentication is required for all remote access and all administrator accounts.",
	"Access rights are reviewed every six months and removed on the day an employee leaves.",
)
#: the last policy published: most of its acknowledgements are still open
RECENT_POLICY = "Remote Working Policy"


def content(paragraphs) -> str:
	return "".join(f"<p>{frappe.utils.escape_html(p)}</p>" for p in paragraphs)


def policy_named(title: str, version: int = 1) -> str | None:
	return frappe.db.get_value(
		"Security Policy", {"company": COMPANY, "title": title, "version": version}, "name"
	)


def publish_policies(demo: Demo, before_review: bool) -> None:
	"""The policies published before (or after) the first management review, in order; a
	year on, top management reviews the information security policy and keeps it."""
	for spec in (TOP_POLICY, *TOPIC_POLICIES):
		if spec.published is None or (spec.published > REVIEW_DAYS_AGO) != before_review:
			continue
		if publish_policy(demo, spec) and spec is TOP_POLICY:
			demo.made_now.add("top-policy")
	if before_review or "top-policy" not in demo.made_now:
		return
	from isms_leadership.isms_leadership.doctype.security_policy.security_policy import record_review

	demo.clock.at(demo.ago(30), hour=15)
	with as_user("director"):
		record_review(
			policy_named(TOP_POLICY.title),
			"No Change Needed",
			reviewed_on=str(demo.ago(30)),
			note="Still fits the business and its risks; objectives are set for the coming year.",
		)


def draft_policy(demo: Demo, spec: Policy):
	top = policy_named(TOP_POLICY.title) if spec.policy_type == TOPIC else None
	doc = frappe.get_doc(
		{
			"doctype": "Security Policy",
			"title": spec.title,
			"policy_type": spec.policy_type,
			"parent_policy": top,
			"company": COMPANY,
			"policy_owner": demo.employee(spec.owner),
			"scope": spec.scope,
			"content": content(spec.body),
			"includes_objectives": 1,
			"commits_to_requirements": 1,
			"commits_to_improvement": 1,
			# 5.2 g: the information security policy is available to interested parties
			"available_to_interested_parties": int(spec.policy_type == TOP_LEVEL),
			"requires_acknowledgement": 1,
			"audience": [{"audience_type": "Department", "audience": f"{spec.audience_department} - {ABBR}"}]
			if spec.audience_department
			else [],
		}
	)
	with as_user("ism"):
		doc.insert()
	return doc


def publish_policy(demo: Demo, spec: Policy) -> str | None:
	"""Draft, review, approve and publish a policy, then its employees acknowledge it."""
	if policy_named(spec.title):
		return None
	published_on = demo.ago(spec.published)
	demo.clock.at(add_days(published_on, -12), hour=10)
	name = draft_policy(demo, spec).name
	demo.clock.at(add_days(published_on, -9), hour=11)
	with as_user("ism"):
		transition("Security Policy", name, "Send for Review")
	demo.clock.at(add_days(published_on, -3), hour=14)
	with as_user("ism"):
		transition("Security Policy", name, "Submit for Approval")
	approve_policy(demo, name, spec.approver, published_on)
	return name


def approve_policy(demo: Demo, name: str, approver: str, published_on: date) -> None:
	from isms_leadership.isms_leadership.doctype.policy_acknowledgement.policy_acknowledgement import (
		run_campaign,
	)

	demo.clock.at(published_on, hour=16)
	with as_user(approver):
		transition("Security Policy", name, "Publish")
		# the campaign the publication starts, run here rather than by a background worker
		run_campaign(name)
	acknowledge_policy(demo, name, published_on)


def acknowledge_policy(demo: Demo, policy: str, published_on: date) -> None:
	"""Most employees acknowledge within days; some late, a few never (overdue); nobody in the
	future. The plain employee of the demo leaves the most recent policy open."""
	from isms_leadership.isms_leadership.doctype.policy_acknowledgement.policy_acknowledgement import (
		acknowledge,
	)

	title = frappe.db.get_value("Security Policy", policy, "title")
	plan = []
	for row in frappe.get_all(
		"Policy Acknowledgement",
		filters={"security_policy": policy, "acknowledged_on": ["is", "not set"]},
		fields=["name", "user"],
	):
		if not row.user:
			continue
		key = row.user.split("@")[0]
		if title == RECENT_POLICY and key == "employee":
			continue  # the demo's plain employee has this one still to read
		h = hashed(row.user, title)
		if key in LEADERS:
			day = add_days(published_on, 1 + h % 3)
		elif h < 78:
			day = add_days(published_on, 1 + h % 12)
		elif h < 90:
			day = add_days(published_on, 16 + h % 20)  # late: after the due date
		else:
			continue  # never: overdue
		if day < demo.today and not (key == LEAVER and day >= demo.leaving_day):
			plan.append((day, 9 + h % 8, row))
	for day, hour, row in sorted(plan, key=lambda p: (p[0], p[1], p[2].user)):
		demo.clock.at(day, hour=hour)
		with as_user(row.user):
			acknowledge(row.name)
		demo.acknowledged += 1


# the management reviews -----------------------------------------------------------------------

FIRST_REVIEW = "Half-year management review"
NEXT_REVIEW = "Annual management review"
SUMMARIES = {
	"a": "No actions were open from an earlier review: this is the first review of the ISMS.",
	"b": "A new major customer requires ISO/IEC 27001 certification; more staff work remotely.",
	"c": "Customers ask for MFA on all access to their data; the insurer asks for tested backups.",
	"d1": "Two minor nonconformities from the internal audit, both corrected.",
	"d2": "Policies published and acknowledged as shown; budget spending on plan.",
	"d3": "The internal audit of access control found shared administrator accounts.",
	"d4": "Objectives for MFA and patching are on track; phishing clicks are still too high.",
	"e": "Customer security questionnaires answered on time; one complaint about slow access requests.",
	"f": "Risk assessment updated; phishing and supplier risks raised to high.",
	"g": "Automate the access reviews; a platform for phishing simulations and awareness.",
}


@dataclass(frozen=True)
class Decision:
	decision_type: str
	description: str
	owner: str
	due_after_review: int = 0  # days after the review ...
	due_from_today: int | None = None  # ... or days from today (negative: in the past)
	policy: str | None = None

	def due(self, demo: Demo) -> date:
		if self.due_from_today is not None:
			return add_days(demo.today, self.due_from_today)
		return add_days(demo.first_review, self.due_after_review)


FIRST_REVIEW_DECISIONS = (
	Decision(
		"Policy Change",
		"Require multi-factor authentication for all remote access in the Access Control Policy.",
		"ism",
		due_after_review=40,
		policy="Access Control Policy",
	),
	Decision("Resource Need", "Fund a phishing simulation and awareness platform.", "ism", 30),
	Decision(
		"Improvement Opportunity",
		"Run a phishing simulation every month and train those who click.",
		"laura.chen",
		due_after_review=75,
	),
	# left open past its due date: the overdue action of the demo
	Decision(
		"Change to the ISMS",
		"Test the restore of the finance system's backups and record the result.",
		"sofia.marin",
		due_from_today=-20,
	),
	Decision(
		"Change to the ISMS",
		"Add security requirements to supplier contracts and adopt a Supplier Security Policy.",
		"ism",
		due_from_today=45,
	),
)


def hold_first_review(demo: Demo) -> None:
	"""Prepared by the ISMS Manager, held, signed off by the director; its decisions become
	ISMS Actions, one of them the draft of the Access Control Policy's version 2."""
	if frappe.db.exists("Management Review", {"company": COMPANY, "title": FIRST_REVIEW}):
		return
	held = demo.first_review
	demo.clock.at(add_days(held, -14), hour=10)
	doc = frappe.get_doc(
		{
			"doctype": "Management Review",
			"title": FIRST_REVIEW,
			"company": COMPANY,
			"review_date": held,
			"chair": demo.employee("director"),
			"attendees": [
				{"employee": demo.employee("director"), "attended": 1},
				{"employee": demo.employee("cfo"), "attended": 0, "apologies": 1},
				{"employee": demo.employee("ism"), "attended": 1},
				{"employee": demo.employee("auditor"), "attended": 1},
				{"employee": demo.employee(LEAVER), "attended": 1},
			],
		}
	)
	with as_user("ism"):
		doc.insert()
	demo.clock.at(held, hour=10)
	with as_user("ism"):
		doc = transition("Management Review", doc.name, "Start")
		for row in doc.inputs:
			row.discussion_summary = SUMMARIES.get(row.input_code) or "Discussed; nothing to add."
		doc.minutes = content(
			(
				"The board reviewed the first half-year of the ISMS against the 9.3.2 inputs.",
				"Decisions: MFA for remote access, a phishing platform, monthly simulations, a backup "
				"restore test and supplier security requirements.",
			)
		)
		for decision in FIRST_REVIEW_DECISIONS:
			doc.append(
				"decisions",
				{
					"decision_type": decision.decision_type,
					"description": decision.description,
					"owner_employee": demo.employee(decision.owner),
					"due_date": decision.due(demo),
					"security_policy": policy_named(decision.policy) if decision.policy else None,
				},
			)
		doc.save()
	demo.clock.at(held, hour=17)
	with as_user("ism"):
		transition("Management Review", doc.name, "Request Sign-off")
	demo.clock.at(add_days(held, 1), hour=9)
	with as_user("director"):
		transition("Management Review", doc.name, "Sign Off")
	demo.made_now.add("first-review")
	publish_access_control_v2(demo)


def publish_access_control_v2(demo: Demo) -> None:
	"""The ISMS Manager writes version 2 that the review's sign-off opened; the CFO publishes
	it (the director opened the draft and may not approve it) and version 1 is superseded."""
	draft = policy_named("Access Control Policy", 2)
	if not draft:
		return
	held = demo.first_review
	demo.clock.at(add_days(held, 10), hour=10)
	with as_user("ism"):
		doc = frappe.get_doc("Security Policy", draft)
		doc.content = content(ACCESS_CONTROL_V2)
		doc.change_summary = "Multi-factor authentication for remote and administrator access."
		doc.material_change = 1
		doc.save()
		transition("Security Policy", draft, "Send for Review")
	demo.clock.at(add_days(held, 20), hour=14)
	with as_user("ism"):
		transition("Security Policy", draft, "Submit for Approval")
	approve_policy(demo, draft, "cfo", add_days(held, 25))


def action_for(decision: Decision) -> str | None:
	return frappe.db.get_value(
		"ISMS Action", {"company": COMPANY, "description": decision.description}, "name"
	)


def report_on_action(demo: Demo, decision: Decision, day: date, **changes) -> None:
	"""The action's owner reports progress or completion on their own action."""
	name = action_for(decision)
	if not name or day >= demo.today:
		return
	demo.clock.at(day, hour=15)
	with as_user(decision.owner):
		doc = frappe.get_doc("ISMS Action", name)
		doc.update(changes)
		doc.save()


def close_first_review_actions(demo: Demo) -> None:
	if "first-review" not in demo.made_now:
		return
	held = demo.first_review
	mfa, platform, simulations, restore, _suppliers = FIRST_REVIEW_DECISIONS
	v2 = frappe.db.get_value("Security Policy", policy_named("Access Control Policy", 2), "approved_on")
	if v2:
		day = add_days(getdate(v2), 2)
		report_on_action(
			demo,
			mfa,
			day,
			completed_on=day,
			completion_note="Version 2 of the Access Control Policy is published and acknowledged.",
		)
	allocation = frappe.db.get_value(
		"Resource Allocation",
		{"company": COMPANY, "purpose": PLATFORM.purpose, "docstatus": 1},
		"approved_on",
	)
	if allocation:
		day = add_days(getdate(allocation), 1)
		report_on_action(
			demo,
			platform,
			day,
			completed_on=day,
			completion_note="Approved in the security budget; the platform is contracted.",
		)
	day = add_days(held, 70)
	report_on_action(
		demo,
		simulations,
		day,
		completed_on=day,
		completion_note="Monthly simulations run since; clickers get a short training.",
	)
	report_on_action(
		demo,
		restore,
		demo.ago(40),
		progress_note="Restore test planned; waiting for the test environment.",
	)


def prepare_next_review(demo: Demo) -> None:
	"""The next review, planned by the ISMS Manager and started: in preparation."""
	if frappe.db.exists("Management Review", {"company": COMPANY, "title": NEXT_REVIEW}):
		return
	doc = frappe.get_doc(
		{
			"doctype": "Management Review",
			"title": NEXT_REVIEW,
			"company": COMPANY,
			"review_date": add_days(demo.today, 21),
			"chair": demo.employee("director"),
			"attendees": [
				{"employee": demo.employee(key), "attended": 1}
				for key in ("director", "cfo", "ism", "auditor", "priya.natarajan")
			],
		}
	)
	demo.clock.at(demo.ago(3), hour=10)
	with as_user("ism"):
		doc.insert()
	demo.clock.at(demo.ago(1), hour=10)
	with as_user("ism"):
		doc = transition("Management Review", doc.name, "Start")
		for row in doc.inputs:
			if row.input_code == "a":
				row.discussion_summary = "Three of five actions from the half-year review are closed."
		doc.save()


# the security budget ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Allocation:
	purpose: str
	lines: tuple[tuple[str, float], ...]  # (category, amount)
	justification: str
	people: tuple[tuple[str, float], ...] = ()  # (person, share of working time)


PROGRAMME = Allocation(
	"Information security programme",
	(
		("Personnel", 120000),
		("Training & Awareness", 18000),
		("Tools & Technology", 36000),
		("External Services", 24000),
		("Audit & Certification", 15000),
	),
	"The ISMS team, awareness training, security tools, the penetration test and the "
	"ISO/IEC 27001 surveillance audit for the year.",
	people=(("ism", 100), ("priya.natarajan", 100), (LEAVER, 60), ("auditor", 20), ("laura.chen", 20)),
)
PLATFORM = Allocation(
	"Phishing simulation and awareness platform",
	(("Training & Awareness", 6000), ("Tools & Technology", 9000)),
	"Decided in the half-year management review: monthly phishing simulations and training.",
)
SIEM = Allocation(
	"Security monitoring (SIEM) extension",
	(("Tools & Technology", 30000), ("External Services", 12000)),
	"Log monitoring of the cloud platform and a managed detection service, as the "
	"new customer contract requires.",
)


def allocation_named(spec: Allocation, fiscal_year: str) -> str | None:
	return frappe.db.get_value(
		"Resource Allocation",
		{"company": COMPANY, "purpose": spec.purpose, "fiscal_year": fiscal_year, "docstatus": ["<", 2]},
		"name",
	)


def draft_allocation(demo: Demo, spec: Allocation, fiscal_year: str, doc=None):
	start, end = frappe.db.get_value("Fiscal Year", fiscal_year, ["year_start_date", "year_end_date"])
	doc = doc or frappe.new_doc("Resource Allocation")
	doc.update(
		{
			"purpose": spec.purpose,
			"company": COMPANY,
			"fiscal_year": fiscal_year,
			"cost_center": cost_center(),
			"budget_action": "Stop",
			"justification": doc.get("justification") or content((spec.justification,)),
		}
	)
	doc.set(
		"lines",
		[{"category": c, "account": account(c), "amount": amount} for c, amount in spec.lines],
	)
	doc.set(
		"people",
		[
			{"employee": demo.employee(key), "time_share": share, "from_date": start, "to_date": end}
			for key, share in spec.people
		],
	)
	with as_user("ism"):
		doc.insert()
	return doc


def take_through_finance(demo: Demo, name: str, sent: date, reviewed: date) -> None:
	demo.clock.at(sent, hour=11)
	with as_user("ism"):
		transition("Resource Allocation", name, "Send to Finance")
	demo.clock.at(reviewed, hour=15)
	with as_user("finance"):
		transition("Resource Allocation", name, "Submit for Approval")


def fund_security(demo: Demo, fiscal_year: str) -> None:
	"""The year's security programme, approved before the year began, and the platform the
	first review asked for; finance books the spending month by month."""
	year_start = getdate(frappe.db.get_value("Fiscal Year", fiscal_year, "year_start_date"))
	if not allocation_named(PROGRAMME, fiscal_year):
		demo.clock.at(add_days(year_start, -25), hour=10)
		name = draft_allocation(demo, PROGRAMME, fiscal_year).name
		take_through_finance(demo, name, add_days(year_start, -24), add_days(year_start, -20))
		demo.clock.at(add_days(year_start, -15), hour=16)
		with as_user("director"):
			transition("Resource Allocation", name, "Approve")
		demo.made_now.add("programme")

	review = frappe.db.get_value("Management Review", {"company": COMPANY, "title": FIRST_REVIEW}, "name")
	if "first-review" in demo.made_now and not allocation_named(PLATFORM, fiscal_year):
		from isms_leadership.isms_leadership.doctype.management_review.management_review import (
			make_resource_allocation,
		)

		held = demo.first_review
		decided = max(add_days(held, 5), year_start)
		demo.clock.at(decided, hour=10)
		with as_user("ism"):
			row = frappe.db.get_value(
				"Management Review Decision",
				{"parent": review, "decision_type": "Resource Need"},
				"name",
			)
			doc = make_resource_allocation(review, row)
		doc.fiscal_year = fiscal_year
		name = draft_allocation(demo, PLATFORM, fiscal_year, doc).name
		take_through_finance(demo, name, add_days(decided, 1), add_days(decided, 3))
		demo.clock.at(add_days(decided, 7), hour=16)
		with as_user("director"):
			transition("Resource Allocation", name, "Approve")

	if "programme" in demo.made_now:
		book_spending(demo, fiscal_year)


def book_spending(demo: Demo, fiscal_year: str) -> None:
	"""One journal entry a month against the security cost center, within the budget."""
	start, end = frappe.db.get_value("Fiscal Year", fiscal_year, ["year_start_date", "year_end_date"])
	start, end = getdate(start), getdate(end)
	platform = frappe.db.get_value(
		"Resource Allocation",
		{"company": COMPANY, "purpose": PLATFORM.purpose, "fiscal_year": fiscal_year, "docstatus": 1},
		"approved_on",
	)
	platform_from = getdate(platform) if platform else None
	months_left = (
		(end.year - platform_from.year) * 12 + end.month - platform_from.month if platform_from else 0
	)
	programme = dict(PROGRAMME.lines)
	month, index = get_first_day(start), 0
	while month <= demo.today and month <= end:
		index += 1
		posting = min(add_days(month, 11), demo.today)
		lines = {
			"Personnel": programme["Personnel"] * 0.97 / 12,
			"Tools & Technology": programme["Tools & Technology"] * 0.9 / 12,
			"External Services": programme["External Services"] * 0.85 / 12,
		}
		if index % 3 == 0:
			lines["Training & Awareness"] = programme["Training & Awareness"] * 0.8 / 4
		if index == 11:
			lines["Audit & Certification"] = programme["Audit & Certification"] * 0.9
		if platform_from and months_left and get_first_day(platform_from) < month:
			for category, amount in PLATFORM.lines:
				lines[category] = lines.get(category, 0) + amount * 0.8 / months_left
		demo.clock.at(posting, hour=13)
		post_journal_entry(month, posting, {c: round(a, 2) for c, a in lines.items()})
		month = add_months(month, 1)


def post_journal_entry(month: date, posting: date, amounts: dict[str, float]) -> None:
	remark = f"Information security costs, {month:%B %Y}"
	if frappe.db.exists("Journal Entry", {"company": COMPANY, "user_remark": remark, "docstatus": 1}):
		return
	total = round(sum(amounts.values()), 2)
	with as_user("finance"):
		je = frappe.get_doc(
			{
				"doctype": "Journal Entry",
				"voucher_type": "Journal Entry",
				"company": COMPANY,
				"posting_date": posting,
				"user_remark": remark,
				"accounts": [
					*(
						{
							"account": account(category),
							"debit_in_account_currency": amount,
							"cost_center": cost_center(),
						}
						for category, amount in amounts.items()
					),
					{"account": f"Cash - {ABBR}", "credit_in_account_currency": total},
				],
			}
		)
		je.insert()
		je.submit()


# what waits for the director today -----------------------------------------------------------


def prepare_pending_work(demo: Demo, fiscal_year: str) -> None:
	"""Sent for approval this week and waiting for the director: an appointment, a policy and
	a budget."""
	appoint(demo, PENDING_APPOINTMENT)
	supplier = TOPIC_POLICIES[-1]
	if not policy_named(supplier.title):
		demo.clock.at(demo.ago(5), hour=10)
		name = draft_policy(demo, supplier).name
		demo.clock.at(demo.ago(4), hour=11)
		with as_user("ism"):
			transition("Security Policy", name, "Send for Review")
		demo.clock.at(demo.ago(2), hour=14)
		with as_user("ism"):
			transition("Security Policy", name, "Submit for Approval")
	if not allocation_named(SIEM, fiscal_year):
		demo.clock.at(demo.ago(6), hour=10)
		name = draft_allocation(demo, SIEM, fiscal_year).name
		take_through_finance(demo, name, demo.ago(5), demo.ago(1))


# the scheduler's daily work ---------------------------------------------------------------------

#: the app's daily jobs that bring derived state up to today (the scheduler runs them daily)
DAILY_JOBS = (
	"isms_leadership.integrations.employee.vacate_leavers",
	"isms_leadership.isms_leadership.doctype.role_assignment.role_assignment.update_statuses",
	"isms_leadership.isms_leadership.doctype.policy_acknowledgement.policy_acknowledgement.remind_overdue",
	"isms_leadership.isms_leadership.doctype.isms_action.isms_action.update_overdue",
	"isms_leadership.isms_leadership.doctype.security_policy.security_policy.remind_reviews",
	"isms_leadership.isms_leadership.doctype.security_objective.security_objective.update_objectives",
	"isms_leadership.isms_leadership.doctype.isms_planned_communication.isms_planned_communication.remind_overdue",
	"isms_leadership.practice.remind_awareness",
)


def run_daily_jobs() -> None:
	for path in DAILY_JOBS:
		frappe.get_attr(path)()
