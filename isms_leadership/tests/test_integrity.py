"""What was approved is what was sent for approval, and it stays so: the approval trail, the
content fingerprint and the moves a save may make, on the real records."""

import frappe
from frappe.client import set_value

from isms_leadership.exceptions import (
	ApprovalRefusedError,
	ApprovedRecordChangeError,
	ContentChangedError,
	PolicyVersionError,
	WorkflowMoveError,
)
from isms_leadership.guards.integrity import content_fingerprint
from isms_leadership.integrations.budget import find_budget
from isms_leadership.isms_leadership.doctype.security_policy.api import new_version
from isms_leadership.tests.factories import (
	EXPENSE,
	MAIN_CC,
	OTHER_COMPANY,
	TEST_COMPANY,
	approve_allocation,
	as_user,
	employee_of,
	fiscal_year_of,
	make_allocation,
	make_assignment,
	make_objective,
	make_policy,
	make_top_management,
	publish,
	send_for_approval,
	transition,
)
from isms_leadership.tests.utils import ISMSTestCase

DIRECTOR = "director@isms.test"


def budget_lines():
	name = find_budget(TEST_COMPANY, MAIN_CC, fiscal_year_of())
	if not name:
		return {}
	return {row.account: row.budget_amount for row in frappe.get_doc("Budget", name).accounts}


def pending_allocation():
	doc = make_allocation([("Training & Awareness", EXPENSE["training"], 1000)])
	with as_user("manager@isms.test"):
		doc = transition(doc, "Send to Finance")
	with as_user("finance@isms.test"):
		return transition(doc, "Submit for Approval")


class TestApprovalTrail(ISMSTestCase):
	def setUp(self):
		super().setUp()
		make_top_management()

	def test_every_move_is_a_step_written_by_the_server(self):
		policy = publish(make_policy(policy_type="Topic-specific Policy", title="Trail"))
		steps = [(s.user, s.from_state, s.to_state, s.action) for s in policy.approval_trail]
		self.assertEqual(
			steps,
			[
				("manager@isms.test", None, "Draft", "Created"),
				("manager@isms.test", "Draft", "In Review", "Send for Review"),
				("manager@isms.test", "In Review", "Pending Approval", "Submit for Approval"),
				(DIRECTOR, "Pending Approval", "Published", "Publish"),
			],
		)
		self.assertEqual(policy.requested_by, "manager@isms.test")
		self.assertEqual(policy.approval_fingerprint, content_fingerprint(policy))
		self.assertEqual(policy.approval_trail[-1].fingerprint, policy.approval_fingerprint)

	def test_clients_cannot_add_change_or_remove_steps(self):
		policy = make_policy(policy_type="Topic-specific Policy", title="Append only")
		doc = frappe.get_doc("Security Policy", policy.name)
		doc.approval_trail[0].user = "nobody@isms.test"
		doc.append("approval_trail", {"user": DIRECTOR, "from_state": "Draft", "to_state": "Published"})
		doc.requested_by = "hr@isms.test"
		doc.approval_fingerprint = "0" * 64
		with as_user("manager@isms.test"):
			doc.save()
		stored = frappe.get_doc("Security Policy", policy.name)
		self.assertEqual(
			[(s.user, s.to_state) for s in stored.approval_trail], [("manager@isms.test", "Draft")]
		)
		self.assertIsNone(stored.requested_by)
		self.assertIsNone(stored.approval_fingerprint)

	def test_forged_preparers_do_not_skip_the_finance_review(self):
		allocation = make_allocation()
		doc = frappe.get_doc("Resource Allocation", allocation.name)
		doc.update({"requested_by": "hr@isms.test", "finance_reviewed_by": "finance@isms.test"})
		doc.workflow_state = "Approved"
		with as_user(DIRECTOR), self.assertRaises(ApprovalRefusedError):
			doc.submit()
		self.assertEqual(budget_lines(), {})
		# while pending, a forged requester is replaced by the trail's
		pending = pending_allocation()
		doc = frappe.get_doc("Resource Allocation", pending.name)
		doc.requested_by = "hr@isms.test"
		with as_user("manager@isms.test"), self.assertRaises(frappe.PermissionError):
			doc.save()  # the ISMS Manager does not edit in Pending Approval
		self.assertEqual(
			frappe.db.get_value("Resource Allocation", pending.name, "requested_by"), "manager@isms.test"
		)


class TestContentBoundToApproval(ISMSTestCase):
	def setUp(self):
		super().setUp()
		make_top_management()

	def test_pending_content_cannot_change(self):
		policy = send_for_approval(make_policy(policy_type="Topic-specific Policy", title="Frozen"))
		doc = frappe.get_doc("Security Policy", policy.name)
		doc.content = "<p>The director's own text.</p>"
		with as_user(DIRECTOR), self.assertRaises(ContentChangedError):
			doc.save()
		self.assertNotIn("director's own", frappe.db.get_value("Security Policy", policy.name, "content"))

	def test_approval_of_other_content_is_refused(self):
		policy = send_for_approval(make_policy(policy_type="Topic-specific Policy", title="Bound"))
		doc = frappe.get_doc("Security Policy", policy.name)
		doc.content = "<p>Switched in the approval request.</p>"
		doc.workflow_state = "Published"
		with as_user(DIRECTOR), self.assertRaises(ContentChangedError):
			doc.submit()
		self.assertEqual(frappe.db.get_value("Security Policy", policy.name, "docstatus"), 0)
		# the content as sent is approved
		with as_user(DIRECTOR):
			done = transition(policy, "Publish")
		self.assertEqual(done.docstatus, 1)

	def test_bait_and_switch_of_the_appointee(self):
		pending = make_assignment(employee_of("employee1@isms.test"), "Risk Owner")
		for user in ("hr@isms.test", DIRECTOR):
			doc = frappe.get_doc("Role Assignment", pending.name)
			doc.employee = employee_of("hr@isms.test")
			with as_user(user), self.assertRaises((ContentChangedError, frappe.PermissionError)):
				doc.save()
		self.assertEqual(
			frappe.db.get_value("Role Assignment", pending.name, "employee"),
			employee_of("employee1@isms.test"),
		)

	def test_a_returned_record_is_sent_again_with_its_new_content(self):
		policy = send_for_approval(make_policy(policy_type="Topic-specific Policy", title="Returned"))
		doc = frappe.get_doc("Security Policy", policy.name)
		doc.return_reason = "Say more about suppliers."
		doc.workflow_state = "Draft"
		with as_user(DIRECTOR):
			doc.save()
		doc = frappe.get_doc("Security Policy", policy.name)
		doc.content = "<p>Suppliers sign the security annex.</p>"
		with as_user("manager@isms.test"):
			doc.save()
		sent = send_for_approval(doc)
		self.assertEqual(sent.approval_fingerprint, content_fingerprint(sent))
		self.assertEqual(sent.requested_by, "manager@isms.test")
		with as_user(DIRECTOR):
			self.assertEqual(transition(sent, "Publish").docstatus, 1)


class TestNoWriteOnTheWayThrough(ISMSTestCase):
	def setUp(self):
		super().setUp()
		make_top_management()

	def test_an_approved_looking_state_on_a_draft_is_refused(self):
		policy = make_policy(policy_type="Topic-specific Policy", title="Looks approved")
		allocation = make_allocation()
		for doc, state in ((policy, "Published"), (allocation, "Approved")):
			fresh = frappe.get_doc(doc.doctype, doc.name)
			fresh.workflow_state = state
			with as_user(DIRECTOR), self.assertRaises(WorkflowMoveError):
				fresh.save()
			with as_user(DIRECTOR), self.assertRaises(WorkflowMoveError):
				set_value(doc.doctype, doc.name, "workflow_state", state)
			self.assertEqual(frappe.db.get_value(doc.doctype, doc.name, "workflow_state"), "Draft")

	def test_a_submit_that_skips_the_workflow_is_refused(self):
		pending = make_assignment(employee_of("employee1@isms.test"), "Risk Owner")
		doc = frappe.get_doc("Role Assignment", pending.name)
		with as_user(DIRECTOR), self.assertRaises(WorkflowMoveError):
			doc.submit()  # state left at Pending Approval
		self.assertEqual(frappe.db.get_value("Role Assignment", pending.name, "docstatus"), 0)

	def test_published_policy_fields_change_only_through_the_app(self):
		policy = publish(make_policy(policy_type="Topic-specific Policy", title="Guarded"))
		other = publish(make_policy(policy_type="Topic-specific Policy", title="Other"))
		for field, value in (
			("superseded_by", other.name),
			("last_reviewed_on", "2099-01-01"),
			("retired_by", "hr@isms.test"),
		):
			doc = frappe.get_doc("Security Policy", policy.name)
			doc.set(field, value)
			with as_user(DIRECTOR), self.assertRaises(ApprovedRecordChangeError):
				doc.save()
		self.assertEqual(frappe.db.get_value("Security Policy", policy.name, "status"), "Published")

	def test_approved_objective_keeps_its_approver(self):
		objective = make_objective()
		with as_user("manager@isms.test"):
			objective = transition(objective, "Submit for Approval")
		with as_user(DIRECTOR):
			objective = transition(objective, "Approve")
		doc = frappe.get_doc("Security Objective", objective.name)
		doc.approved_by = "director2@isms.test"
		with as_user(DIRECTOR), self.assertRaises(ApprovedRecordChangeError):
			doc.save()
		self.assertEqual(frappe.db.get_value("Security Objective", objective.name, "approved_by"), DIRECTOR)

	def test_cancel_acts_on_the_stored_lines(self):
		allocation = approve_allocation(
			make_allocation([("Training & Awareness", EXPENSE["training"], 1000)])
		)
		self.assertEqual(budget_lines(), {EXPENSE["training"]: 1000.0})
		doc = frappe.get_doc("Resource Allocation", allocation.name)
		doc.lines[0].amount = -500000
		doc.justification = "forged"
		with as_user(DIRECTOR):
			doc.cancel()
		self.assertEqual(budget_lines(), {})
		stored = frappe.get_doc("Resource Allocation", allocation.name)
		self.assertEqual((stored.docstatus, stored.lines[0].amount), (2, 1000))
		self.assertNotEqual(stored.justification, "forged")
		self.assertEqual(stored.approval_trail[-1].to_state, "Cancelled")

	def test_published_policies_and_signed_reviews_cannot_be_cancelled(self):
		policy = publish(make_policy(policy_type="Topic-specific Policy", title="No cancel"))
		# even a System Manager, who may cancel documents: the workflow has no such move
		with self.assertRaises(WorkflowMoveError):
			frappe.get_doc("Security Policy", policy.name).cancel()
		self.assertEqual(frappe.db.get_value("Security Policy", policy.name, "docstatus"), 1)


class TestVersionsAndSubjects(ISMSTestCase):
	def setUp(self):
		super().setUp()
		make_top_management()

	def test_a_version_of_another_companys_policy_is_not_made_by_hand(self):
		theirs = publish(make_policy(policy_type="Topic-specific Policy", title="Theirs"))
		mine = make_policy(
			policy_type="Topic-specific Policy",
			title="Mine",
			company=OTHER_COMPANY,
			previous_version=theirs.name,
			policy_family=theirs.policy_family,
			policy_owner=employee_of("other.director@isms.test"),
			author="Administrator",
		)
		self.assertEqual((mine.previous_version, mine.version), (None, 1))
		self.assertEqual(mine.policy_family, mine.name)
		# and the server's own path refuses a company other than the previous version's
		draft = frappe.get_doc("Security Policy", new_version(theirs.name))
		draft.company = OTHER_COMPANY
		with self.assertRaises(PolicyVersionError):
			draft.save()

	def test_the_policy_owner_cannot_approve_their_own_policy(self):
		make_top_management("director2@isms.test")
		policy = send_for_approval(
			make_policy(
				policy_type="Topic-specific Policy",
				title="Owned",
				policy_owner=employee_of("director2@isms.test"),
			)
		)
		with as_user("director2@isms.test"), self.assertRaises(ApprovalRefusedError):
			transition(policy, "Publish")
		self.assertEqual(frappe.db.get_value("Security Policy", policy.name, "docstatus"), 0)

	def test_the_deputy_cannot_approve_the_appointment(self):
		make_top_management("director2@isms.test")
		pending = make_assignment(
			employee_of("employee1@isms.test"), "Risk Owner", deputy=employee_of("director2@isms.test")
		)
		with as_user("director2@isms.test"), self.assertRaises(ApprovalRefusedError):
			transition(pending, "Approve")
		with as_user(DIRECTOR):
			self.assertEqual(transition(pending, "Approve").docstatus, 1)
