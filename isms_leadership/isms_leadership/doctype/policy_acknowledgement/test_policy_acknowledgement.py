# Copyright (c) 2026, isms_leadership contributors
# License: MIT. See license.txt

import frappe
from frappe.utils import add_days, getdate, today
from frappe.website.serve import get_response

from isms_leadership.exceptions import AcknowledgementError
from isms_leadership.integrations.employee import close_for_leavers
from isms_leadership.isms_leadership.doctype.policy_acknowledgement.api import acknowledge, acknowledge_policy
from isms_leadership.queries.policies import register_rows
from isms_leadership.tasks.campaign import run_campaign
from isms_leadership.tasks.policies import remind_overdue
from isms_leadership.tests.factories import (
	TEST_COMPANY,
	as_user,
	employee_of,
	make_employee,
	make_policy,
	make_top_management,
	publish,
	transition,
)
from isms_leadership.tests.utils import ISMSTestCase


def ack_of(policy: str, user: str) -> str:
	return frappe.db.get_value("Policy Acknowledgement", {"security_policy": policy, "user": user}, "name")


class TestPolicyAcknowledgement(ISMSTestCase):
	def setUp(self):
		super().setUp()
		make_top_management("director@isms.test")
		self.policy = publish(make_policy())
		self.ack = ack_of(self.policy.name, "employee1@isms.test")

	def test_publication_asks_each_active_employee_once(self):
		leaver = make_employee(
			first_name="Leaver", department="Operations", status="Left", relieving_date=today()
		)
		newcomer = make_employee(first_name="Newcomer", department="Operations")
		employees = frappe.get_all(
			"Policy Acknowledgement", filters={"security_policy": self.policy.name}, pluck="employee"
		)
		self.assertEqual(len(employees), len(set(employees)))
		self.assertNotIn(leaver, employees)
		self.assertNotIn(newcomer, employees)  # joined after publication
		row = frappe.get_doc("Policy Acknowledgement", self.ack)
		self.assertEqual(
			(row.status, row.version, row.employee), ("Pending", 1, employee_of("employee1@isms.test"))
		)
		self.assertEqual(getdate(row.due_date), getdate(add_days(today(), 14)))
		# a second run asks only the newcomer
		self.assertEqual(run_campaign(self.policy.name)["created"], 1)
		self.assertEqual(run_campaign(self.policy.name)["created"], 0)
		self.assertTrue(
			frappe.db.exists(
				"Policy Acknowledgement", {"security_policy": self.policy.name, "employee": newcomer}
			)
		)

	def test_only_the_employee_acknowledges(self):
		for user in ("employee2@isms.test", "manager@isms.test", "director@isms.test", "sysadmin@isms.test"):
			with as_user(user), self.assertRaises(frappe.PermissionError, msg=user):
				acknowledge(self.ack)
		self.assertFalse(frappe.db.get_value("Policy Acknowledgement", self.ack, "acknowledged_on"))
		with as_user("employee1@isms.test"):
			when = acknowledge(self.ack)
			self.assertEqual(acknowledge(self.ack), when)  # a second click changes nothing
		self.assertEqual(frappe.db.get_value("Policy Acknowledgement", self.ack, "status"), "Acknowledged")

	def test_nobody_edits_or_deletes_an_acknowledgement(self):
		with as_user("employee1@isms.test"):
			acknowledge(self.ack)
		for user in ("employee1@isms.test", "sysadmin@isms.test", "Administrator"):
			with as_user(user), self.assertRaises((AcknowledgementError, frappe.PermissionError), msg=user):
				doc = frappe.get_doc("Policy Acknowledgement", self.ack)
				doc.acknowledged_on = None
				doc.save()
		with self.assertRaises(AcknowledgementError):
			frappe.delete_doc("Policy Acknowledgement", self.ack)
		self.assertTrue(frappe.db.get_value("Policy Acknowledgement", self.ack, "acknowledged_on"))

	def test_a_retired_policy_needs_no_acknowledgement(self):
		with as_user("director@isms.test"):
			transition(self.policy, "Retire")
		with as_user("employee1@isms.test"), self.assertRaises(AcknowledgementError):
			acknowledge(self.ack)

	def test_employees_see_only_their_own(self):
		with as_user("employee1@isms.test"):
			mine = frappe.get_list("Policy Acknowledgement", pluck="user")
			self.assertEqual(set(mine), {"employee1@isms.test"})
			other = ack_of(self.policy.name, "employee2@isms.test")
			self.assertFalse(frappe.has_permission("Policy Acknowledgement", "read", doc=other))
		for user in ("manager@isms.test", "auditor@isms.test", "hr@isms.test"):
			with as_user(user):
				self.assertGreater(len(frappe.get_list("Policy Acknowledgement", pluck="name")), 1, user)
		self.assertPermissions(
			"Policy Acknowledgement",
			{
				user: {"create": False, "write": False, "delete": False}
				for user in (
					"employee1@isms.test",
					"manager@isms.test",
					"sysadmin@isms.test",
					"director@isms.test",
				)
			},
		)

	def test_overdue_reminders_are_sent_once_and_closed_by_acknowledging(self):
		frappe.db.set_value(
			"Policy Acknowledgement", {"security_policy": self.policy.name}, "due_date", add_days(today(), -1)
		)
		frappe.db.set_value("Employee", employee_of("employee2@isms.test"), "status", "Left")
		reminded = remind_overdue()
		self.assertEqual(frappe.db.get_value("Policy Acknowledgement", self.ack, "status"), "Overdue")
		open_todo = {"reference_name": self.ack, "allocated_to": "employee1@isms.test", "status": "Open"}
		self.assertTrue(frappe.db.exists("ToDo", open_todo))
		# somebody who has left is not chased
		self.assertFalse(frappe.db.exists("ToDo", {"allocated_to": "employee2@isms.test", "status": "Open"}))
		self.assertGreater(reminded, 0)
		self.assertEqual(remind_overdue(), 0)
		with as_user("employee1@isms.test"):
			acknowledge(self.ack)
		self.assertFalse(frappe.db.exists("ToDo", open_todo))
		self.assertEqual(frappe.db.get_value("Policy Acknowledgement", self.ack, "status"), "Acknowledged")


class TestPoliciesPage(ISMSTestCase):
	def setUp(self):
		super().setUp()
		make_top_management("director@isms.test")
		self.policy = publish(make_policy(content="<p>Lock your screen.</p><script>alert(1)</script>"))

	def page(self, path):
		frappe.local.form_dict = frappe._dict()
		if "?" in path:
			path, query = path.split("?", 1)
			frappe.local.form_dict.update(dict(part.split("=", 1) for part in query.split("&")))
		response = get_response(path)
		return response.status_code, response.get_data(as_text=True)

	def context(self, **query):
		from isms_leadership.www.policies import get_context

		frappe.local.form_dict = frappe._dict(query)
		context = frappe._dict()
		get_context(context)
		return context

	def test_an_employee_reads_and_acknowledges_on_the_portal(self):
		with as_user("employee1@isms.test"):
			status, html = self.page("/policies")
			self.assertEqual(status, 200)
			self.assertIn(self.policy.title, html)
			status, html = self.page(f"/policies?policy={self.policy.name}")
			self.assertEqual(status, 200)
			self.assertIn("Lock your screen.", html)
			self.assertNotIn("<script>alert(1)", html)
			self.assertIn("isms-acknowledge", html)
			acknowledge_policy(self.policy.name)
			status, html = self.page(f"/policies?policy={self.policy.name}")
			self.assertIn("isms-acknowledged", html)

	def test_the_page_needs_a_login_and_hides_other_policies(self):
		draft = make_policy("Unpublished Policy", policy_type="Topic-specific Policy")
		with as_user("Guest"), self.assertRaises(frappe.PermissionError):
			self.context()
		with as_user("employee1@isms.test"), self.assertRaises(frappe.PermissionError):
			self.context(policy=draft.name)
		with as_user("employee1@isms.test"):
			self.assertEqual(self.context(policy=self.policy.name).policy.name, self.policy.name)
		with as_user("nobody@isms.test"), self.assertRaises(frappe.PermissionError):
			acknowledge_policy(self.policy.name)


class TestLeaversAndUsersInTheRate(ISMSTestCase):
	"""Acknowledgement rates count the people still employed; those without a user show."""

	def setUp(self):
		super().setUp()
		make_top_management("director@isms.test")
		self.bare = make_employee(first_name="Userless", department="Operations")
		self.policy = publish(make_policy())

	def register_row(self):
		return next(
			r for r in register_rows(frappe._dict(company=TEST_COMPANY)) if r["name"] == self.policy.name
		)

	def test_a_leaver_mid_campaign_is_no_longer_asked(self):
		before = self.register_row()
		leaver = frappe.get_doc("Employee", employee_of("employee2@isms.test"))
		leaver.status = "Left"
		leaver.relieving_date = today()
		leaver.save()
		ack = ack_of(self.policy.name, "employee2@isms.test")
		self.assertEqual(frappe.db.get_value("Policy Acknowledgement", ack, "status"), "Not Required")
		after = self.register_row()
		self.assertEqual(after["asked"], before["asked"] - 1)
		self.assertEqual(after["acknowledged"], before["acknowledged"])

	def test_the_daily_sweep_catches_a_relieving_date_that_arrived(self):
		employee = employee_of("employee2@isms.test")
		frappe.db.set_value("Employee", employee, "relieving_date", add_days(today(), -1))  # no event
		ack = ack_of(self.policy.name, "employee2@isms.test")
		self.assertEqual(frappe.db.get_value("Policy Acknowledgement", ack, "status"), "Pending")
		self.assertGreaterEqual(close_for_leavers(), 1)
		self.assertEqual(frappe.db.get_value("Policy Acknowledgement", ack, "status"), "Not Required")
		self.assertEqual(close_for_leavers(), 0, "idempotent")

	def test_an_acknowledgement_given_before_leaving_still_counts(self):
		with as_user("employee2@isms.test"):
			acknowledge(ack_of(self.policy.name, "employee2@isms.test"))
		before = self.register_row()
		frappe.db.set_value("Employee", employee_of("employee2@isms.test"), "status", "Left")
		close_for_leavers()
		self.assertEqual(self.register_row()["acknowledged"], before["acknowledged"])

	def test_people_asked_without_a_user_show_in_the_register(self):
		row = self.register_row()
		userless = frappe.get_all(
			"Policy Acknowledgement",
			filters={"security_policy": self.policy.name, "user": ["is", "not set"]},
			pluck="employee",
		)
		self.assertIn(self.bare, userless)
		self.assertEqual(row["asked_without_user"], len(userless))
		# once they leave they are no longer asked, with or without a user
		frappe.db.set_value("Employee", self.bare, "status", "Left")
		close_for_leavers()
		self.assertEqual(self.register_row()["asked_without_user"], len(userless) - 1)
