"""The people of ISMS Demo Ltd: the logins the demo's scenarios use (``data/logins.json``) and
the rest of the staff (``data/staff.json``), each an Employee with a User; HR records the
leaver."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import frappe
from frappe.permissions import add_user_permission
from frappe.utils.password import check_password, update_password

from isms_leadership.demo.base import ABBR, COMPANY, Demo, as_user, data, hashed, login

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


LOGINS = tuple(
	Person(**{**row, "desk_roles": tuple(row["desk_roles"])}) for row in data("logins.json")["logins"]
)

#: (first name, last name, department, designation, gender)
STAFF = tuple(tuple(row) for row in data("staff.json")["staff"])

PEOPLE = LOGINS + tuple(
	Person(f"{first.lower()}.{last.lower()}", first, last, department, designation, gender)
	for first, last, department, designation, gender in STAFF
)
#: leaves this month; the Incident Response Lead, whose role is then vacant
LEAVER = "tomasz.nowak"
#: approve, review, own ISMS roles: they acknowledge policies within days
LEADERS = frozenset({"director", "cfo", "finance", "hr", "ism", "auditor", "priya.natarajan"})


def ensure_people(demo: Demo) -> None:
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
