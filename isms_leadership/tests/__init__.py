"""Test data shared by the integration tests of isms_leadership.

``before_tests`` runs once before ``bench run-tests --app isms_leadership`` and creates a
company, fiscal years, departments and employees with users. Tests build what else they
need with the factories in ``isms_leadership.tests.factories``; each FrappeTestCase class
rolls its own records back.
"""

import frappe
from frappe.utils import getdate, today
from frappe.utils.user import get_users_with_role

from isms_leadership.permissions import allowed_companies
from isms_leadership.tests.factories import (
	OTHER_COMPANY,
	TEST_COMPANY,
	TEST_USERS,
	make_company,
	make_department,
	make_employee,
	make_fiscal_year,
	make_user,
)


def before_tests():
	frappe.clear_cache()
	if not frappe.db.a_row_exists("Company"):
		# A bare ERPNext site: run ERPNext's own setup wizard for its test company first.
		from erpnext.setup.utils import before_tests as erpnext_before_tests

		erpnext_before_tests()

	# Workflow Action emails attach a print of the document; as HTML in tests, so that no
	# PDF renderer or running web server is needed to approve something.
	frappe.db.set_single_value("Print Settings", "send_print_as_pdf", 0)

	year = getdate(today()).year
	for y in (year - 1, year, year + 1):
		make_fiscal_year(y)

	for company, abbr in ((TEST_COMPANY, "ISMST"), (OTHER_COMPANY, "ISMSO")):
		make_company(company, abbr)
		for department in ("Board", "Information Security", "Human Resources", "Finance", "Operations"):
			make_department(department, company)

	for email, spec in TEST_USERS.items():
		make_user(email, spec["roles"])
		# ERPNext gives the Employee role to the user of an Employee
		reset_roles(email, [*spec["roles"], *(["Employee"] if spec.get("department") else [])])
		if spec.get("department"):
			make_employee(
				email,
				company=spec.get("company", TEST_COMPANY),
				department=spec["department"],
				designation=spec.get("designation"),
			)

	keep_isms_roles_to_the_test_users()

	frappe.db.commit()  # nosemgrep: test fixtures must outlive the per-class rollbacks


def keep_isms_roles_to_the_test_users() -> None:
	"""ERPNext's own test user (test@erpnext.com) gets every role of the site, the app's too
	when ERPNext's setup ran after the app was installed. Holding ISMS roles without any
	company restriction, it would be told of every test company's events; the tests expect
	the ISMS roles to be held by their own users (and by users of other companies)."""
	for role in ("ISMS Manager", "ISMS Top Management", "ISMS Auditor"):
		for user in get_users_with_role(role):
			if user in TEST_USERS or user == "Administrator" or allowed_companies(user) is not None:
				continue
			frappe.get_doc("User", user).remove_roles(role)


def reset_roles(user: str, roles) -> None:
	"""Give a test user exactly the roles of its spec, whatever an earlier run left."""
	doc = frappe.get_doc("User", user)
	extra = [r.role for r in doc.roles if r.role not in roles]
	if extra:
		doc.remove_roles(*extra)
