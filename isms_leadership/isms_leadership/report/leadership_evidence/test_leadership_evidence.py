# Copyright (c) 2026, isms_leadership contributors
# License: MIT. See license.txt

import frappe
from frappe.utils import add_days, today

from isms_leadership.isms_leadership.doctype.policy_acknowledgement.api import acknowledge
from isms_leadership.isms_leadership.doctype.role_assignment.api import accept
from isms_leadership.isms_leadership.report.leadership_evidence.leadership_evidence import execute
from isms_leadership.tests.factories import (
	EXPENSE,
	OTHER_COMPANY,
	TEST_COMPANY,
	approve_allocation,
	as_user,
	employee_of,
	make_allocation,
	make_assignment,
	make_policy,
	make_review,
	make_top_management,
	publish,
	sign_off,
	summarise,
)
from isms_leadership.tests.utils import ISMSTestCase


def appoint(user, role, deputy=None):
	assignment = make_assignment(
		employee_of(user), role, submit=True, deputy=employee_of(deputy) if deputy else None
	)
	with as_user(user):
		accept(assignment.name)
	return assignment


class TestLeadershipEvidence(ISMSTestCase):
	def run_report(self, company=TEST_COMPANY, user="auditor@isms.test"):
		with as_user(user):
			_columns, data, _message, _chart, summary = execute({"company": company})
		return {r["requirement"]: r for r in data}, {s["label"]: s["value"] for s in summary}

	def build_a_company_that_does_everything(self):
		top = make_top_management("director@isms.test")
		with as_user("director@isms.test"):
			accept(top.name)
		appoint("manager@isms.test", "Information Security Manager", deputy="employee3@isms.test")
		appoint("hr@isms.test", "ISMS Performance Reporter")
		appoint("auditor@isms.test", "Internal Auditor")
		appoint("finance@isms.test", "Risk Owner")
		appoint("employee3@isms.test", "Incident Response Lead", deputy="employee1@isms.test")
		policy = publish(make_policy(available_to_interested_parties=1))
		for ack in frappe.get_all(
			"Policy Acknowledgement", filters={"security_policy": policy.name}, fields=["name", "user"]
		):
			with as_user(ack.user):
				acknowledge(ack.name)
		approve_allocation(
			make_allocation(
				[
					("Training & Awareness", EXPENSE["training"], 5000),
					("Tools & Technology", EXPENSE["tools"], 9000),
				]
			)
		)
		review = make_review(
			decisions=[
				{
					"decision_type": "Improvement Opportunity",
					"description": "Phishing exercise",
					"owner_employee": employee_of("manager@isms.test"),
					"due_date": add_days(today(), 60),
				}
			]
		)
		summarise(review)
		self.lead_in_practice(policy.name)
		return sign_off(review), policy

	def lead_in_practice(self, policy: str):
		"""An approved, measured objective; a communication plan kept; the director aware."""
		from isms_leadership.isms_leadership.doctype.security_objective.api import record_measurement
		from isms_leadership.tests.factories import make_objective, transition

		objective = make_objective(security_policy=policy)
		with as_user("manager@isms.test"):
			objective = transition(objective, "Submit for Approval", "Security Objective")
		with as_user("director@isms.test"):
			transition(objective, "Approve", "Security Objective")
		with as_user("manager@isms.test"):
			record_measurement(objective.name, today(), 12.0)
			plan = frappe.get_doc(
				{
					"doctype": "ISMS Planned Communication",
					"what": "The information security policy, from the chief executive",
					"company": TEST_COMPANY,
					"audience": "All employees",
					"trigger": "Frequency",
					"frequency": "Yearly",
					"channel": "Meeting",
					"responsible_role": "Top Management",
				}
			).insert()
		with as_user("director@isms.test"):
			frappe.get_doc(
				{
					"doctype": "ISMS Communication",
					"topic": "Why our information security policy matters",
					"company": TEST_COMPANY,
					"planned_communication": plan.name,
					"audience": "All employees",
					"channel": "Meeting",
					"sender": employee_of("director@isms.test"),
					"security_policy": policy,
					"attachment": "/files/all-hands-minutes.pdf",
				}
			).insert()
		with as_user("hr@isms.test"):
			frappe.get_doc(
				{
					"doctype": "ISMS Awareness Record",
					"employee": employee_of("director@isms.test"),
					"course": "Security awareness for directors",
					"completed_on": add_days(today(), -30),
				}
			).insert()

	def test_a_company_that_does_everything_meets_everything(self):
		review, policy = self.build_a_company_that_does_everything()
		rows, summary = self.run_report()
		self.assertEqual({code: r["reason"] for code, r in rows.items() if r["level"] != "Met"}, {})
		self.assertEqual((summary["Met"], summary["At risk"], summary["Gap"]), (30, 0, 0))
		self.assertIn("Objectives Status", rows["6.2"]["evidence"])
		self.assertIn(policy.name, rows["5.2 a"]["evidence"])
		self.assertIn(review.name, rows["9.3.2"]["evidence"])
		self.assertIn("Role Coverage", rows["A.5.2"]["evidence"])

	def test_a_leader_without_awareness_and_an_uncommunicated_policy_show(self):
		self.build_a_company_that_does_everything()
		frappe.db.delete("ISMS Awareness Record", {"employee": employee_of("director@isms.test")})
		frappe.db.delete("ISMS Communication", {"company": TEST_COMPANY})
		frappe.db.set_value(
			"Security Policy",
			{"company": TEST_COMPANY, "status": "Published"},
			"approved_on",
			add_days(today(), -30),
		)
		rows, _summary = self.run_report()
		self.assertEqual(rows["7.3"]["level"], "Gap")
		self.assertIn(
			frappe.db.get_value("Employee", employee_of("director@isms.test"), "employee_name"),
			rows["7.3"]["reason"],
		)
		self.assertEqual(rows["7.4"]["level"], "Gap")
		self.assertIn("without being communicated within 14 days", rows["7.4"]["reason"])
		self.assertEqual(rows["5.1 d"]["level"], "At risk")

	def test_each_miss_shows_as_a_gap(self):
		review, _policy = self.build_a_company_that_does_everything()
		action = frappe.db.get_value("ISMS Action", {"management_review": review.name})
		frappe.db.set_value("ISMS Action", action, "due_date", add_days(today(), -1))
		rows, _summary = self.run_report()
		self.assertEqual(rows["10.1"]["level"], "Gap")
		self.assertIn(action, rows["10.1"]["reason"])
		self.assertIn(action, rows["10.1"]["evidence"])

	def test_a_company_with_nothing_shows_its_gaps(self):
		# read by that company's own director (an auditor of the test company may not see it)
		rows, summary = self.run_report(company=OTHER_COMPANY, user="other.director@isms.test")
		for code in (
			"5.1 c",
			"5.2 a",
			"5.3 a",
			"6.2",
			"A.5.1",
			"7.1",
			"7.3",
			"7.4",
			"9.3.1",
			"9.3.2",
			"9.3.3",
		):
			self.assertEqual(rows[code]["level"], "Gap", code)
		self.assertEqual(rows["5.2 a"]["reason"], "No information security policy is published.")
		self.assertGreaterEqual(summary["Gap"], 20)

	def test_who_may_run_it(self):
		report = frappe.get_doc("Report", "Leadership Evidence")
		for user, allowed in (
			("auditor@isms.test", True),
			("director@isms.test", True),
			("manager@isms.test", True),
			("employee1@isms.test", False),
			("finance@isms.test", False),
		):
			with as_user(user):
				self.assertEqual(bool(report.is_permitted()), allowed, user)
