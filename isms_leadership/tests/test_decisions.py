"""The director's decision queue: what waits, said as decisions; deciding in place through the
same workflow actions and approval rule as the form; the workflow e-mail says the same."""

import frappe
from frappe.utils import add_months, fmt_money, today
from frappe.workflow.doctype.workflow_action.workflow_action import get_common_email_args

from isms_leadership.api.decisions import decide, queue
from isms_leadership.exceptions import StaleDecisionError
from isms_leadership.tests.factories import (
	EXPENSE,
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
	send_for_approval,
	summarise,
	transition,
)
from isms_leadership.tests.test_frameworks import switch_on
from isms_leadership.tests.utils import ISMSTestCase


def pending_of_each_kind():
	"""One record of each kind waiting for top management in the test company."""
	policy = send_for_approval(make_policy(title="Queued Policy"))
	appointment = make_assignment(employee_of("employee2@isms.test"), "Risk Owner")
	allocation = make_allocation(
		[("Training & Awareness", EXPENSE["training"], 1200)], purpose="Queued budget"
	)
	with as_user("manager@isms.test"):
		allocation = transition(allocation, "Send to Finance")
	with as_user("finance@isms.test"):
		allocation = transition(allocation, "Submit for Approval")
	review = summarise(make_review(title="Queued Review", decisions=[]))
	with as_user("manager@isms.test"):
		review = transition(review, "Start")
		review = transition(review, "Request Sign-off")
	objective = make_objective(objective="A queued objective")
	with as_user("manager@isms.test"):
		objective = transition(objective, "Submit for Approval")
	return {d.doctype: d for d in (policy, appointment, allocation, review, objective)}


class TestDecisionQueue(ISMSTestCase):
	def setUp(self):
		super().setUp()
		make_top_management("director@isms.test")
		self.pending = pending_of_each_kind()

	def entries(self, user="director@isms.test"):
		with as_user(user):
			return {(d["doctype"], d["name"]): d for d in queue()}

	def test_the_director_sees_each_decision_as_a_sentence(self):
		entries = self.entries()
		for doctype, doc in self.pending.items():
			entry = entries.get((doctype, doc.name))
			self.assertTrue(entry, f"{doctype} {doc.name} is not in the queue")
			self.assertNotIn(doc.name, entry["what"], "a sentence, not a record name")
			self.assertEqual(
				entry["fingerprint"], frappe.db.get_value(doctype, doc.name, "approval_fingerprint")
			)
			self.assertTrue(entry["prepared_by"])
			self.assertTrue(entry["waiting_since"])
		self.assertIn(
			"Queued Policy", entries[("Security Policy", self.pending["Security Policy"].name)]["what"]
		)
		appointment = entries[("Role Assignment", self.pending["Role Assignment"].name)]
		self.assertIn("Risk Owner", appointment["what"])
		allocation = entries[("Resource Allocation", self.pending["Resource Allocation"].name)]
		self.assertIn("Queued budget", allocation["what"])
		self.assertIn(fiscal_year_text(allocation), allocation["what"])
		self.assertTrue(any("Training & Awareness" in line for line in allocation["details"]))
		self.assertIn(
			"A queued objective",
			entries[("Security Objective", self.pending["Security Objective"].name)]["what"],
		)

	def test_an_allocation_says_what_the_budget_then_holds(self):
		"""The Budget of the cost center holds what was approved before; the sentence adds the
		allocation waiting (the Budgets of all waiting allocations are read in two queries)."""
		approve_allocation(make_allocation([("Training & Awareness", EXPENSE["training"], 1000)]))
		waiting = self.pending["Resource Allocation"]
		entry = self.entries()[("Resource Allocation", waiting.name)]
		currency = frappe.db.get_value("Resource Allocation", waiting.name, "currency")
		self.assertIn(
			f"The ERPNext Budget of the cost center then holds {fmt_money(2200, currency=currency)}.",
			entry["details"],
		)

	def test_a_management_body_statement_waits_as_a_sentence_with_its_lines(self):
		switch_on(TEST_COMPANY, "ISO/IEC 27001:2022", "NIS2")
		with as_user("manager@isms.test"):
			statement = frappe.get_doc(
				{
					"doctype": "Management Body Statement",
					"title": "Board statement for the queue",
					"company": TEST_COMPANY,
					"framework": "NIS2",
					"from_date": add_months(today(), -12),
					"to_date": today(),
				}
			).insert()
			statement = transition(statement, "Submit for Approval", "Management Body Statement")
		lines = frappe.db.count("Management Body Statement Line", {"parent": statement.name})
		entry = self.entries()[("Management Body Statement", statement.name)]
		self.assertIn("Board statement for the queue", entry["what"])
		self.assertIn("NIS2", entry["what"])
		self.assertTrue(any(line.startswith(f"{lines} lines of what") for line in entry["details"]), entry)
		self.assertEqual(
			(entry["approve"]["action"], entry["send_back"]["action"]), ("Approve", "Return to Draft")
		)

	def test_only_serving_top_management_of_the_company_has_a_queue(self):
		for user in ("manager@isms.test", "employee1@isms.test", "auditor@isms.test"):
			self.assertEqual(
				[k for k in self.entries(user) if k[1] in {d.name for d in self.pending.values()}], [], user
			)

	def test_approving_from_the_queue_goes_through_the_workflow_and_the_rule(self):
		appointment = self.pending["Role Assignment"]
		with as_user("director@isms.test"):
			result = decide("Role Assignment", appointment.name, "Approve", appointment.approval_fingerprint)
		self.assertEqual((result["workflow_state"], result["docstatus"]), ("Approved", 1))
		self.assertEqual(
			frappe.db.get_value("Role Assignment", appointment.name, "approved_by"), "director@isms.test"
		)
		self.assertNotIn(("Role Assignment", appointment.name), self.entries())

	def test_sending_back_needs_a_reason_and_keeps_it(self):
		allocation = self.pending["Resource Allocation"]
		with as_user("director@isms.test"):
			with self.assertRaises(frappe.ValidationError):
				decide("Resource Allocation", allocation.name, "Reject", allocation.approval_fingerprint)
			decide(
				"Resource Allocation",
				allocation.name,
				"Reject",
				allocation.approval_fingerprint,
				reason="Split training from tools, please.",
			)
		self.assertEqual(
			frappe.db.get_value(
				"Resource Allocation", allocation.name, ["workflow_state", "rejection_reason"]
			),
			("Rejected", "Split training from tools, please."),
		)
		review = self.pending["Management Review"]
		with as_user("director@isms.test"):
			decide(
				"Management Review",
				review.name,
				"Back to Review",
				review.approval_fingerprint,
				reason="Add the audit results.",
			)
		self.assertEqual(
			frappe.db.get_value("Management Review", review.name, "workflow_state"), "In Progress"
		)
		self.assertTrue(
			frappe.db.exists(
				"Comment", {"reference_name": review.name, "content": ["like", "%Add the audit results.%"]}
			)
		)

	def test_a_stale_fingerprint_or_a_decided_record_is_refused(self):
		policy = self.pending["Security Policy"]
		with as_user("director@isms.test"):
			with self.assertRaises(StaleDecisionError):
				decide("Security Policy", policy.name, "Publish", "0" * 64)
			decide("Security Policy", policy.name, "Publish", policy.approval_fingerprint)
			with self.assertRaises(StaleDecisionError):
				decide("Security Policy", policy.name, "Publish", policy.approval_fingerprint)
		self.assertEqual(frappe.db.get_value("Security Policy", policy.name, "status"), "Published")

	def test_the_rule_refuses_a_director_who_prepared_it(self):
		make_user("director2@isms.test", roles=["Employee", "ISMS Manager"])
		make_employee("director2@isms.test")
		make_top_management("director2@isms.test")
		objective = make_objective(objective="Prepared by a director", author="director2@isms.test")
		with as_user("director2@isms.test"):
			objective = transition(objective, "Submit for Approval")
			entry = self.entries("director2@isms.test")[("Security Objective", objective.name)]
			# refused by the workflow's own rule (no self-approval) or the app's (ApprovalRefusedError)
			with self.assertRaises(frappe.ValidationError) as refused:
				decide("Security Objective", objective.name, "Approve", entry["fingerprint"])
		self.assertIn("approv", str(refused.exception).lower())
		self.assertEqual(frappe.db.get_value("Security Objective", objective.name, "docstatus"), 0)

	def test_the_workflow_email_carries_the_decision_and_its_fingerprint(self):
		for doctype, doc in self.pending.items():
			doc = frappe.get_doc(doctype, doc.name)
			args = get_common_email_args(doc)
			entry = self.entries()[(doctype, doc.name)]
			self.assertIn(frappe.utils.escape_html(entry["what"]), args["message"], doctype)
			self.assertIn(doc.approval_fingerprint, args["message"], doctype)
			self.assertIn("isms-decisions", args["message"], doctype)
			self.assertIn("Your decision", args["subject"], doctype)


def fiscal_year_text(entry) -> str:
	return frappe.db.get_value("Resource Allocation", entry["name"], "fiscal_year")
