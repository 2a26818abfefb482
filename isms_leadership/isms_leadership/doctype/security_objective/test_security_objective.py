# Copyright (c) 2026, isms_leadership contributors
# License: MIT. See license.txt

import frappe
from frappe.model.workflow import WorkflowTransitionError
from frappe.utils import add_days, add_months, getdate, today

from isms_leadership.exceptions import ApprovalRefusedError, ApprovedRecordChangeError, ObjectiveError
from isms_leadership.isms_leadership.doctype.security_objective.api import record_measurement
from isms_leadership.tasks.practice import update_objectives
from isms_leadership.tests.factories import (
	OTHER_COMPANY,
	as_user,
	employee_of,
	make_objective,
	make_policy,
	make_top_management,
	ours,
	publish,
	transition,
)
from isms_leadership.tests.utils import ISMSTestCase


def approve(objective, approver="director@isms.test"):
	with as_user("manager@isms.test"):
		objective = transition(objective, "Submit for Approval", "Security Objective")
	with as_user(approver):
		return transition(objective, "Approve", "Security Objective")


class TestSecurityObjective(ISMSTestCase):
	def setUp(self):
		super().setUp()
		make_top_management()
		self.policy = publish(make_policy())

	def test_top_management_approves_and_the_approval_is_pinned(self):
		objective = approve(make_objective(security_policy=self.policy.name))
		self.assertEqual(objective.docstatus, 1)
		self.assertEqual(objective.workflow_state, "Approved")
		self.assertEqual(objective.approved_by, "director@isms.test")
		self.assertEqual(getdate(objective.measuring_since), getdate(today()))
		self.assertEqual(objective.status, "Not measured")

	def test_a_user_without_top_management_cannot_approve_also_through_rest(self):
		objective = make_objective()
		with as_user("manager@isms.test"):
			objective = transition(objective, "Submit for Approval", "Security Objective")
		# the workflow offers Approve only to ISMS Top Management
		with as_user("auditor@isms.test"), self.assertRaises(WorkflowTransitionError):
			transition(objective, "Approve", "Security Objective")
		# a desk role without the ISMS role held is refused by the controller, through REST too
		frappe.get_doc("User", "director2@isms.test").add_roles("ISMS Top Management")
		doc = frappe.get_doc("Security Objective", objective.name).as_dict()
		doc["workflow_state"] = "Approved"
		with as_user("director2@isms.test"), self.assertRaisesRegex(ApprovalRefusedError, "desk role alone"):
			frappe.client.submit(doc)
		self.assertEqual(frappe.db.get_value("Security Objective", objective.name, "docstatus"), 0)

	def test_the_owner_of_an_objective_cannot_approve_it(self):
		objective = make_objective(owner_employee=employee_of("director@isms.test"))
		with as_user("manager@isms.test"):
			objective = transition(objective, "Submit for Approval", "Security Objective")
		with as_user("director@isms.test"), self.assertRaisesRegex(ApprovalRefusedError, "subject"):
			transition(objective, "Approve", "Security Objective")
		doc = frappe.get_doc("Security Objective", objective.name).as_dict()
		doc["workflow_state"] = "Approved"
		with as_user("director@isms.test"), self.assertRaisesRegex(ApprovalRefusedError, "subject"):
			frappe.client.submit(doc)
		self.assertEqual(frappe.db.get_value("Security Objective", objective.name, "docstatus"), 0)

	def test_the_author_cannot_approve_it(self):
		frappe.get_doc("User", "director@isms.test").add_roles("ISMS Manager")
		objective = make_objective(author="director@isms.test")
		with as_user("director@isms.test"):
			objective = transition(objective, "Submit for Approval", "Security Objective")
			# the workflow refuses self-approval, and the controller refuses the author through REST
			with self.assertRaisesRegex(frappe.ValidationError, "Self approval"):
				transition(objective, "Approve", "Security Objective")
			doc = frappe.get_doc("Security Objective", objective.name).as_dict()
			doc["workflow_state"] = "Approved"
			with self.assertRaisesRegex(ApprovalRefusedError, "prepared this document"):
				frappe.client.submit(doc)
		self.assertEqual(frappe.db.get_value("Security Objective", objective.name, "docstatus"), 0)

	def test_returning_to_draft_needs_a_reason(self):
		objective = make_objective()
		with as_user("manager@isms.test"):
			objective = transition(objective, "Submit for Approval", "Security Objective")
		with as_user("director@isms.test"):
			with self.assertRaises(ObjectiveError):
				transition(objective, "Return to Draft", "Security Objective")
			frappe.db.set_value("Security Objective", objective.name, "return_reason", "Target too low.")
			self.assertEqual(
				transition(objective, "Return to Draft", "Security Objective").workflow_state, "Draft"
			)

	def test_policy_and_owner_must_belong_to_the_company(self):
		other_policy = make_policy(company=OTHER_COMPANY, author="Administrator")
		with self.assertRaisesRegex(ObjectiveError, "not an employee of"):
			make_objective(owner_employee=employee_of("other.director@isms.test"))
		with self.assertRaisesRegex(ObjectiveError, "is not a policy of"):
			make_objective(security_policy=other_policy.name)
		self.assertNotSaved("Security Objective", objective="Reduce the phishing click rate")

	def test_the_owner_records_measurements_and_the_status_follows(self):
		# phishing click rate, lower is better: 20 % two months ago, target 5 % in ten months
		objective = approve(make_objective(measurement_frequency="Monthly"))
		frappe.db.set_value("Security Objective", objective.name, "measuring_since", add_months(today(), -2))
		with as_user("employee1@isms.test"):
			self.assertTrue(frappe.has_permission("Security Objective", "read", objective.name))
			self.assertFalse(frappe.has_permission("Security Objective", "write", objective.name))
			record_measurement(objective.name, add_months(today(), -2), 20.0, "Baseline campaign")
			result = record_measurement(objective.name, add_days(today(), -3), 14.0)
		self.assertEqual(result["status"], "On track")
		doc = frappe.get_doc("Security Objective", objective.name)
		self.assertEqual([m.value for m in doc.measurements], [20.0, 14.0])
		self.assertEqual(doc.measurements[0].recorded_by, "employee1@isms.test")
		self.assertEqual(doc.latest_value, 14.0)
		with as_user("manager@isms.test"):
			self.assertEqual(record_measurement(objective.name, today(), 19.5)["status"], "Off track")
			self.assertEqual(record_measurement(objective.name, today(), 4.0)["status"], "Achieved")

	def test_others_cannot_record_or_read_measurements(self):
		objective = approve(make_objective())
		with as_user("employee2@isms.test"):
			self.assertFalse(frappe.has_permission("Security Objective", "read", objective.name))
			self.assertEqual(frappe.get_list("Security Objective", pluck="name"), [])
			with self.assertRaises(frappe.PermissionError):
				record_measurement(objective.name, today(), 3.0)
		with as_user("auditor@isms.test"):
			self.assertTrue(frappe.has_permission("Security Objective", "read", objective.name))
			with self.assertRaises(frappe.PermissionError):
				record_measurement(objective.name, today(), 3.0)
		self.assertEqual(len(frappe.get_doc("Security Objective", objective.name).measurements), 0)

	def test_measurements_of_an_approved_objective_are_kept(self):
		objective = approve(make_objective())
		with as_user("manager@isms.test"):
			record_measurement(objective.name, add_days(today(), -1), 12.0)
		# top management may edit the approved objective, but not its measurements
		with as_user("director@isms.test"):
			doc = frappe.get_doc("Security Objective", objective.name)
			doc.measurements[0].value = 6.0
			with self.assertRaises(ApprovedRecordChangeError):
				doc.save()
			doc.reload()
			doc.measurements = []
			with self.assertRaises(ApprovedRecordChangeError):
				doc.save()
		with as_user("manager@isms.test"), self.assertRaises(ObjectiveError):
			record_measurement(objective.name, add_days(today(), 5), 1.0)
		self.assertEqual(
			[m.value for m in frappe.get_doc("Security Objective", objective.name).measurements], [12.0]
		)

	def test_daily_job_flags_an_overdue_measurement_once(self):
		objective = approve(make_objective(measurement_frequency="Monthly"))
		frappe.db.set_value("Security Objective", objective.name, "measuring_since", add_days(today(), -40))
		self.assertEqual(ours(update_objectives(), "Security Objective"), [objective.name])
		self.assertEqual(ours(update_objectives(), "Security Objective"), [])
		todos = frappe.get_all(
			"ToDo",
			filters={
				"reference_type": "Security Objective",
				"reference_name": objective.name,
				"status": "Open",
			},
			pluck="allocated_to",
		)
		self.assertIn("employee1@isms.test", todos)  # the owner
		self.assertIn("manager@isms.test", todos)
		doc = frappe.get_doc("Security Objective", objective.name)
		self.assertEqual(doc.status, "Not measured")
		self.assertEqual(getdate(doc.next_measurement_due), getdate(add_months(add_days(today(), -40), 1)))

	def test_permissions(self):
		self.assertPermissions(
			"Security Objective",
			{
				"manager@isms.test": {"create": True, "write": True, "submit": False},
				"director@isms.test": {"create": False, "submit": True, "read": True},
				"auditor@isms.test": {"read": True, "write": False, "create": False},
				"hr@isms.test": {"create": False},
			},
		)
