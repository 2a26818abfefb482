"""The permission matrix (``isms_leadership/permission_matrix.json``) holds on the bench: every
doctype x role x right for a user of one company, and the company rule for a user of another,
including every report of the app asked about a foreign company."""

import json
from pathlib import Path

import frappe
from frappe.desk.query_report import run as run_report

import isms_leadership
from isms_leadership.isms_leadership.doctype.isms_evidence_pack.api import rebuild
from isms_leadership.isms_leadership.doctype.management_review.api import (
	make_resource_allocation,
	refresh_facts,
)
from isms_leadership.isms_leadership.doctype.role_assignment.api import accept, hand_over
from isms_leadership.isms_leadership.doctype.security_objective.api import record_measurement
from isms_leadership.isms_leadership.doctype.security_policy.api import (
	compare_with_previous,
	new_version,
	record_review,
)
from isms_leadership.tests.factories import (
	OTHER_COMPANY,
	TEST_COMPANY,
	approve_allocation,
	as_user,
	employee_of,
	make_allocation,
	make_assignment,
	make_employee,
	make_objective,
	make_policy,
	make_review,
	make_top_management,
	make_user,
	publish,
)
from isms_leadership.tests.utils import ISMSTestCase

MATRIX = json.loads((Path(isms_leadership.__file__).parent / "permission_matrix.json").read_text())
LETTERS, RIGHTS = MATRIX["letters"], MATRIX["rights"]


def slug(text: str) -> str:
	return text.lower().replace(" ", "-")


def matrix_user(role: str, company: str) -> str:
	"""A user with ``role`` and an Employee of ``company`` (so ERPNext gives them the Employee
	role and a User Permission on the company)."""
	user = f"pm.{slug(role)}.{'a' if company == TEST_COMPANY else 'b'}@isms.test"
	make_user(user, [role])
	make_employee(user, company=company, department="Operations")
	frappe.clear_cache(user=user)
	return user


def expected_rights(doctype: str, user: str) -> str:
	"""The union of the matrix rows of the user's roles."""
	rows = [MATRIX["doctypes"][doctype].get(role, "-" * len(LETTERS)) for role in frappe.get_roles(user)]
	return "".join(
		letter if any(row[i] == letter for row in rows) else "-" for i, letter in enumerate(LETTERS)
	)


class ManyUsersCase(ISMSTestCase):
	"""These tests make a user or two per role; Frappe refuses more than 60 new users an hour."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.throttle = frappe.local.conf.get("throttle_user_limit")
		frappe.local.conf["throttle_user_limit"] = 10_000

	@classmethod
	def tearDownClass(cls):
		if cls.throttle is None:
			frappe.local.conf.pop("throttle_user_limit", None)
		else:
			frappe.local.conf["throttle_user_limit"] = cls.throttle
		super().tearDownClass()


class TestPermissionMatrix(ManyUsersCase):
	def test_every_doctype_role_and_right(self):
		roles = sorted({role for rows in MATRIX["doctypes"].values() for role in rows})
		users = {role: matrix_user(role, TEST_COMPANY) for role in roles}
		checked = 0
		for doctype in MATRIX["doctypes"]:
			for role, user in users.items():
				expected = expected_rights(doctype, user)
				actual = "".join(
					letter if frappe.has_permission(doctype, right, user=user) else "-"
					for letter, right in zip(LETTERS, RIGHTS, strict=True)
				)
				self.assertEqual(actual, expected, f"{doctype} for {role} ({user})")
				checked += 1
		self.assertGreater(checked, 100)

	def test_the_company_rule_is_registered_for_every_company_record(self):
		hooks = frappe.get_hooks("has_permission")
		for doctype, rules in MATRIX["record_rules"].items():
			if "company" in rules:
				self.assertIn(
					"isms_leadership.permissions.company_has_permission", hooks.get(doctype, []), doctype
				)

	def test_a_user_of_another_company_reads_none_of_these_records(self):
		make_top_management()
		records = {
			"Role Assignment": make_assignment(employee_of("employee1@isms.test"), "Risk Owner").name,
			"Security Policy": publish(make_policy(policy_type="Topic-specific Policy", title="Matrix")).name,
			"Resource Allocation": approve_allocation(make_allocation()).name,
			"Management Review": make_review().name,
			"Security Objective": make_objective().name,
		}
		for doctype, name in records.items():
			for role, rights in MATRIX["doctypes"][doctype].items():
				if rights[0] != "r" or role == "Employee":
					continue
				insider, outsider = matrix_user(role, TEST_COMPANY), matrix_user(role, OTHER_COMPANY)
				self.assertFalse(
					frappe.has_permission(doctype, "read", doc=name, user=outsider), (doctype, role)
				)
				with as_user(outsider):
					self.assertFalse(frappe.get_list(doctype, filters={"name": name}), (doctype, role))
				if role in ("ISMS Manager", "ISMS Top Management", "ISMS Auditor"):
					self.assertTrue(
						frappe.has_permission(doctype, "read", doc=name, user=insider), (doctype, role)
					)

	def test_every_report_refuses_or_hides_a_foreign_company(self):
		make_top_management()
		approve_allocation(make_allocation())
		outsider = matrix_user("ISMS Manager", OTHER_COMPANY)
		reports = frappe.get_all("Report", filters={"module": "ISMS Leadership"}, pluck="name")
		self.assertGreaterEqual(len(reports), 8)
		for report in reports:
			with as_user(outsider), self.assertRaises(frappe.PermissionError, msg=report):
				run_report(report, filters={"company": TEST_COMPANY})


class TestWhitelistedMethodsAcrossCompanies(ManyUsersCase):
	"""Every whitelisted method of the app that takes a record refuses a user of another
	company, who holds the roles that would otherwise allow it."""

	def test_each_method_refuses_a_foreign_company(self):
		make_top_management()
		policy = publish(make_policy(policy_type="Topic-specific Policy", title="Foreign"))
		review = make_review()
		objective = make_objective()
		assignment = make_assignment(employee_of("employee1@isms.test"), "Risk Owner", submit=True)
		pack = frappe.get_doc(
			{
				"doctype": "ISMS Evidence Pack",
				"company": TEST_COMPANY,
				"from_date": "2026-01-01",
				"to_date": "2026-01-31",
			}
		).insert()
		outsider = matrix_user("ISMS Manager", OTHER_COMPANY)
		frappe.get_doc("User", outsider).add_roles("ISMS Top Management", "HR Manager")
		frappe.clear_cache(user=outsider)
		calls = {
			"new_version": lambda: new_version(policy.name),
			"compare_with_previous": lambda: compare_with_previous(policy.name),
			"record_review": lambda: record_review(policy.name, "No Change Needed"),
			"refresh_facts": lambda: refresh_facts(review.name),
			"make_resource_allocation": lambda: make_resource_allocation(review.name, "x"),
			"record_measurement": lambda: record_measurement(objective.name, "2026-01-01", 1),
			"accept": lambda: accept(assignment.name),
			"hand_over": lambda: hand_over(assignment.name, employee_of("employee2@isms.test")),
			"rebuild": lambda: rebuild(pack.name),
		}
		for method, call in calls.items():
			with as_user(outsider), self.assertRaises(frappe.PermissionError, msg=method):
				call()
