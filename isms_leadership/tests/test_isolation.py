"""Each person sees and changes only what is theirs: companies apart, child rows with their
parents, actions by their owners, evidence packs written by the server, sanitised notes."""

import frappe
from frappe.utils import add_days, add_months, today

from isms_leadership.api.number_cards import acknowledgement_rate, budget_utilisation, overdue_actions
from isms_leadership.exceptions import PolicyContentTooLargeError
from isms_leadership.isms_leadership.doctype.security_objective.api import record_measurement
from isms_leadership.isms_leadership.report.communication_record import communication_record
from isms_leadership.isms_leadership.report.leadership_awareness import leadership_awareness
from isms_leadership.isms_leadership.report.leadership_evidence import leadership_evidence
from isms_leadership.isms_leadership.report.security_budget_vs_actual import security_budget_vs_actual
from isms_leadership.tests.factories import (
	EXPENSE,
	OTHER_COMPANY,
	TEST_COMPANY,
	approve_allocation,
	as_user,
	employee_of,
	make_allocation,
	make_employee,
	make_objective,
	make_policy,
	make_review,
	make_top_management,
	make_user,
	sign_off,
	summarise,
	transition,
)
from isms_leadership.tests.utils import ISMSTestCase

#: an ISMS Manager and an auditor of the other company (User Permission on its Company)
MANAGER_B = "manager.b@isms.test"
AUDITOR_B = "auditor.b@isms.test"


def reviewed_action() -> tuple:
	"""A signed-off review with one decision, and the ISMS Action it made (owned by employee1)."""
	review = make_review(
		decisions=[
			{
				"decision_type": "Improvement Opportunity",
				"description": "Test the backups",
				"owner_employee": employee_of("employee1@isms.test"),
				"due_date": add_days(today(), 30),
			}
		]
	)
	summarise(review)
	review = sign_off(review)
	return review, frappe.get_all("ISMS Action", {"management_review": review.name}, pluck="name")[0]


def user_of_company_b(user: str, role: str) -> str:
	make_user(user, [role])
	make_employee(user, company=OTHER_COMPANY, department="Operations")
	frappe.clear_cache(user=user)
	return user


class TestCompaniesApart(ISMSTestCase):
	def setUp(self):
		super().setUp()
		make_top_management()
		self.allocation = approve_allocation(make_allocation())
		self.review, self.action = reviewed_action()
		self.manager_b = user_of_company_b(MANAGER_B, "ISMS Manager")
		self.auditor_b = user_of_company_b(AUDITOR_B, "ISMS Auditor")

	def test_records_of_another_company_are_not_listed_or_read(self):
		for user in (self.manager_b, self.auditor_b):
			with as_user(user):
				for doctype, name in (
					("Management Review", self.review.name),
					("Resource Allocation", self.allocation.name),
					("ISMS Action", self.action),
				):
					self.assertFalse(frappe.get_list(doctype, filters={"name": name}), (user, doctype))
					self.assertFalse(frappe.has_permission(doctype, "read", doc=name), (user, doctype))

	def test_a_forged_company_does_not_open_a_record(self):
		doc = frappe.get_doc("ISMS Action", self.action)
		doc.company = OTHER_COMPANY
		with as_user(self.manager_b):
			self.assertFalse(frappe.has_permission("ISMS Action", "write", doc=doc))

	def test_reports_and_cards_refuse_another_company(self):
		calls = (
			lambda: leadership_evidence.execute({"company": TEST_COMPANY}),
			lambda: leadership_awareness.execute({"company": TEST_COMPANY}),
			lambda: communication_record.execute({"company": TEST_COMPANY}),
			lambda: security_budget_vs_actual.execute({"company": TEST_COMPANY}),
			lambda: acknowledgement_rate({"company": TEST_COMPANY}),
			lambda: budget_utilisation({"company": TEST_COMPANY}),
			lambda: overdue_actions({"company": TEST_COMPANY}),
		)
		for call in calls:
			with as_user(self.manager_b), self.assertRaises(frappe.PermissionError):
				call()
		# their own company answers
		with as_user(self.manager_b):
			self.assertTrue(leadership_evidence.execute({"company": OTHER_COMPANY})[1])

	def test_child_rows_follow_their_parent(self):
		for child, parent in (
			("Management Review Input", "Management Review"),
			("Management Review Decision", "Management Review"),
			("Resource Allocation Line", "Resource Allocation"),
			("ISMS Approval Step", "Management Review"),
		):
			with as_user(self.manager_b):
				rows = frappe.get_list(child, parent_doctype=parent, fields=["parent"], limit_page_length=0)
			self.assertNotIn(self.review.name, {r.parent for r in rows}, child)
			self.assertNotIn(self.allocation.name, {r.parent for r in rows}, child)
			with as_user("manager@isms.test"):
				rows = frappe.get_list(child, parent_doctype=parent, fields=["parent"], limit_page_length=0)
			self.assertTrue(rows, f"{child}: the company's own manager reads them")

	def test_an_employee_reads_no_review_inputs(self):
		with as_user("employee2@isms.test"):
			rows = frappe.get_list(
				"Management Review Input",
				parent_doctype="Management Review",
				fields=["parent"],
				limit_page_length=0,
			)
		self.assertNotIn(self.review.name, {r.parent for r in rows})


class TestOwnRecords(ISMSTestCase):
	def setUp(self):
		super().setUp()
		make_top_management()
		_review, self.action = reviewed_action()
		self.owner = frappe.db.get_value("ISMS Action", self.action, "owner_user")

	def test_nobody_closes_anothers_action_by_naming_themselves(self):
		for user in ("employee2@isms.test", "auditor@isms.test"):
			if user == self.owner:
				continue
			doc = frappe.get_doc("ISMS Action", self.action)
			doc.owner_user = user
			doc.completed_on = today()
			doc.completion_note = "Done, says someone else."
			with as_user(user), self.assertRaises(frappe.PermissionError):
				doc.save()
		self.assertEqual(frappe.db.get_value("ISMS Action", self.action, "status"), "Open")

	def test_auditors_read_every_action(self):
		with as_user("auditor@isms.test"):
			self.assertTrue(frappe.has_permission("ISMS Action", "read", doc=self.action))
			self.assertFalse(frappe.has_permission("ISMS Action", "write", doc=self.action))


class TestServerWrittenResults(ISMSTestCase):
	def test_an_auditor_asks_for_a_pack_but_writes_none_of_its_results(self):
		with as_user("auditor@isms.test"):
			pack = frappe.get_doc(
				{
					"doctype": "ISMS Evidence Pack",
					"company": TEST_COMPANY,
					"from_date": add_months(today(), -1),
					"to_date": today(),
					"status": "Ready",
					"pack_file": "javascript:alert(1)",
					"manifest": '{"files": []}',
					"file_count": 99,
				}
			).insert()
		stored = frappe.get_doc("ISMS Evidence Pack", pack.name)
		self.assertNotEqual(stored.pack_file, "javascript:alert(1)")
		self.assertNotEqual(stored.file_count, 99)
		doc = frappe.get_doc("ISMS Evidence Pack", pack.name)
		doc.pack_file = "javascript:alert(1)"
		doc.status = "Ready"
		with as_user("auditor@isms.test"):
			doc.save()
		self.assertEqual(frappe.db.get_value("ISMS Evidence Pack", pack.name, "pack_file"), stored.pack_file)
		doc = frappe.get_doc("ISMS Evidence Pack", pack.name)
		doc.from_date = add_days(today(), -3)
		with as_user("auditor@isms.test"), self.assertRaises(frappe.ValidationError):
			doc.save()

	def test_notes_added_after_approval_are_sanitised(self):
		make_top_management()
		objective = make_objective(owner_employee=employee_of("employee1@isms.test"))
		with as_user("manager@isms.test"):
			objective = transition(objective, "Submit for Approval")
		with as_user("director@isms.test"):
			objective = transition(objective, "Approve")
		with as_user("employee1@isms.test"):
			record_measurement(objective.name, today(), 50, note='<img src=x onerror="alert(1)">kept')
		note = frappe.get_doc("Security Objective", objective.name).measurements[-1].note
		self.assertNotIn("onerror", note)
		self.assertIn("kept", note)

	def test_policy_content_has_a_size_limit(self):
		with self.assertRaises(PolicyContentTooLargeError):
			make_policy(content="<p>" + "x" * (1024 * 1024 + 10) + "</p>")
		frappe.db.set_single_value("ISMS Settings", "max_policy_content_kb", 2048)
		self.assertTrue(
			make_policy(title="Long but allowed", content="<p>" + "x" * (1100 * 1024) + "</p>").name
		)

	def test_allocation_of_company_b_is_theirs(self):
		# the allocation factory's accounts are the test company's: B's manager cannot use them
		with as_user(user_of_company_b(MANAGER_B, "ISMS Manager")), self.assertRaises(frappe.PermissionError):
			make_allocation([("Training & Awareness", EXPENSE["training"], 10)], author=MANAGER_B)


class TestAttachments(ISMSTestCase):
	def test_an_action_owner_cannot_store_a_script_link(self):
		from isms_leadership.exceptions import UnsafeLinkError

		make_top_management()
		_review, action = reviewed_action()
		doc = frappe.get_doc("ISMS Action", action)
		doc.progress_note = "Evidence attached."
		doc.evidence = "javascript:alert(document.cookie)"
		with as_user("employee1@isms.test"), self.assertRaises(UnsafeLinkError):
			doc.save()
		doc = frappe.get_doc("ISMS Action", action)
		doc.progress_note = "Evidence attached."
		doc.evidence = "/files/backup-test.pdf"
		with as_user("employee1@isms.test"):
			doc.save()
		self.assertEqual(frappe.db.get_value("ISMS Action", action, "evidence"), "/files/backup-test.pdf")
