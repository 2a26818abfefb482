# Copyright (c) 2026, isms_leadership contributors
# License: MIT. See license.txt

import frappe
from frappe.model.workflow import WorkflowTransitionError
from frappe.utils import add_days, add_months, getdate, today

from isms_leadership.exceptions import (
	ApprovalRefusedError,
	MissingPolicyStatementError,
	PolicyVersionError,
)
from isms_leadership.isms_leadership.doctype.policy_acknowledgement.api import acknowledge
from isms_leadership.isms_leadership.doctype.security_policy.api import (
	compare_with_previous,
	new_version,
	record_review,
)
from isms_leadership.queries.policies import audience_members
from isms_leadership.tasks.campaign import run_campaign
from isms_leadership.tasks.policies import remind_reviews
from isms_leadership.tests.factories import (
	TEST_COMPANY,
	as_user,
	employee_of,
	make_policy,
	make_top_management,
	make_user,
	publish,
	send_for_approval,
	transition,
)
from isms_leadership.tests.utils import ISMSTestCase


def acks(policy: str) -> dict[str, frappe._dict]:
	"""Acknowledgements of ``policy`` by employee."""
	return {
		row.employee: row
		for row in frappe.get_all(
			"Policy Acknowledgement",
			filters={"security_policy": policy},
			fields=["name", "employee", "user", "status", "acknowledged_on", "carried_over_from", "due_date"],
		)
	}


def active_employees(company: str = TEST_COMPANY) -> set[str]:
	return set(frappe.get_all("Employee", filters={"company": company, "status": "Active"}, pluck="name"))


class TestSecurityPolicyApproval(ISMSTestCase):
	def setUp(self):
		super().setUp()
		make_top_management("director@isms.test")

	def test_top_management_publishes_and_the_approval_is_pinned(self):
		policy = publish(make_policy())
		self.assertEqual(
			(policy.docstatus, policy.status, policy.workflow_state), (1, "Published", "Published")
		)
		self.assertEqual(policy.approved_by, "director@isms.test")
		self.assertEqual(getdate(policy.approved_on), getdate(today()))
		self.assertEqual(policy.requested_by, "manager@isms.test")
		self.assertEqual(getdate(policy.effective_from), getdate(today()))
		self.assertEqual(getdate(policy.next_review_due), getdate(add_months(today(), 12)))
		self.assertEqual(policy.version, 1)

	def test_the_isms_manager_cannot_publish(self):
		policy = send_for_approval(make_policy())
		with as_user("manager@isms.test"), self.assertRaises(WorkflowTransitionError):
			transition(policy, "Publish")
		self.assertEqual(frappe.db.get_value("Security Policy", policy.name, "docstatus"), 0)

	def test_a_desk_role_without_a_top_management_appointment_cannot_publish(self):
		# director2 has the desk role ISMS Top Management but holds no approved ISMS role
		policy = send_for_approval(make_policy())
		with as_user("director2@isms.test"), self.assertRaises(ApprovalRefusedError):
			transition(policy, "Publish")
		self.assertEqual(frappe.db.get_value("Security Policy", policy.name, "status"), "Pending Approval")

	def test_the_author_cannot_publish_their_own_policy(self):
		make_user("director@isms.test", ["ISMS Manager"])
		policy = make_policy(author="director@isms.test")
		policy = send_for_approval(policy, author="director@isms.test")
		with as_user("director@isms.test"):
			with self.assertRaisesRegex(frappe.ValidationError, "Self approval"):
				transition(policy, "Publish")
			# and the controller holds the rule where the workflow is bypassed
			doc = frappe.get_doc("Security Policy", policy.name)
			doc.workflow_state = "Published"
			with self.assertRaisesRegex(ApprovalRefusedError, "cannot also approve"):
				doc.submit()
		self.assertEqual(frappe.db.get_value("Security Policy", policy.name, "docstatus"), 0)

	def test_submitting_through_rest_is_held_to_the_same_rule(self):
		"""A PUT of docstatus 1 runs the controller: the workflow is not the only gate."""
		policy = send_for_approval(make_policy())
		make_user("sysadmin@isms.test", ["ISMS Top Management"])
		with as_user("sysadmin@isms.test"), self.assertRaises(ApprovalRefusedError):
			doc = frappe.get_doc("Security Policy", policy.name)
			doc.workflow_state = "Published"
			doc.submit()
		self.assertEqual(frappe.db.get_value("Security Policy", policy.name, "docstatus"), 0)

	def test_the_top_level_policy_needs_the_statements_of_5_2(self):
		policy = make_policy(commits_to_improvement=0)
		with as_user("manager@isms.test"):
			policy = transition(policy, "Send for Review")
			with self.assertRaises(MissingPolicyStatementError):
				transition(policy, "Submit for Approval")
		self.assertEqual(frappe.db.get_value("Security Policy", policy.name, "status"), "In Review")

	def test_a_topic_policy_does_not_need_them(self):
		topic = make_policy(
			"Access Control Policy",
			policy_type="Topic-specific Policy",
			includes_objectives=0,
			commits_to_requirements=0,
			commits_to_improvement=0,
		)
		self.assertEqual(publish(topic).status, "Published")

	def test_a_company_has_one_published_top_level_policy(self):
		publish(make_policy())
		with self.assertRaises(PolicyVersionError):
			publish(make_policy("A Second Top-Level Policy"))

	def test_returning_to_draft_needs_a_reason(self):
		policy = send_for_approval(make_policy())
		with as_user("director@isms.test"):
			with self.assertRaises(frappe.ValidationError):
				transition(policy, "Return to Draft")
			doc = frappe.get_doc("Security Policy", policy.name)
			doc.return_reason = "Scope misses the cloud services."
			doc.save()
			transition(policy, "Return to Draft")
		self.assertEqual(
			frappe.db.get_value("Security Policy", policy.name, ["status", "return_reason"]),
			("Draft", "Scope misses the cloud services."),
		)

	def test_a_published_policy_cannot_be_edited(self):
		policy = publish(make_policy())
		with as_user("director@isms.test"), self.assertRaises(frappe.UpdateAfterSubmitError):
			doc = frappe.get_doc("Security Policy", policy.name)
			doc.content = "<p>Everything is allowed.</p>"
			doc.save()
		self.assertIn("classification", frappe.db.get_value("Security Policy", policy.name, "content"))

	def test_retirement_by_top_management_only(self):
		policy = publish(make_policy("Mobile Device Policy", policy_type="Topic-specific Policy"))
		with as_user("manager@isms.test"), self.assertRaises(WorkflowTransitionError):
			transition(policy, "Retire")
		with as_user("director@isms.test"):
			policy = transition(policy, "Retire")
		self.assertEqual((policy.status, policy.retired_by), ("Retired", "director@isms.test"))

	def test_retirement_through_rest_is_held_to_the_approval_rule(self):
		policy = publish(make_policy("Mobile Device Policy", policy_type="Topic-specific Policy"))
		with as_user("director2@isms.test"), self.assertRaises(ApprovalRefusedError):
			doc = frappe.get_doc("Security Policy", policy.name)
			doc.workflow_state = "Retired"
			doc.save()
		self.assertEqual(frappe.db.get_value("Security Policy", policy.name, "status"), "Published")

	def test_script_in_the_content_is_neutralised(self):
		policy = make_policy(
			content='<p>Hello</p><script>alert("x")</script><img src="x" onerror="alert(1)">'
			'<a href="javascript:alert(2)">link</a>'
		)
		content = frappe.db.get_value("Security Policy", policy.name, "content")
		self.assertIn("Hello", content)
		for payload in ("<script", "onerror", "javascript:"):
			self.assertNotIn(payload, content)


class TestSecurityPolicyVersions(ISMSTestCase):
	def setUp(self):
		super().setUp()
		make_top_management("director@isms.test")

	def revise(self, policy, material: bool, content: str | None = None, approver="director@isms.test"):
		with as_user("manager@isms.test"):
			draft = frappe.get_doc("Security Policy", new_version(policy.name))
			draft.material_change = int(material)
			draft.change_summary = "Material change" if material else "Typo fixed"
			draft.content = content or draft.content.replace("classification", "classification and owner")
			draft.save()
		return publish(draft, approver=approver)

	def test_a_new_version_supersedes_the_one_before_without_changing_it(self):
		v1 = publish(make_policy())
		v2 = self.revise(v1, material=True)
		self.assertEqual((v2.version, v2.previous_version, v2.name), (2, v1.name, f"{v1.name}-v2"))
		old = frappe.get_doc("Security Policy", v1.name)
		self.assertEqual((old.status, old.superseded_by, old.docstatus), ("Superseded", v2.name, 1))
		self.assertEqual(old.content, v1.content)
		self.assertEqual(v2.status, "Published")
		# only the published version can be revised
		with as_user("manager@isms.test"), self.assertRaises(PolicyVersionError):
			new_version(v1.name)

	def test_a_material_change_asks_everybody_again_and_a_minor_one_does_not(self):
		v1 = publish(make_policy())
		employee = employee_of("employee1@isms.test")
		with as_user("employee1@isms.test"):
			acknowledge(acks(v1.name)[employee].name)

		v2 = self.revise(v1, material=False)
		carried = acks(v2.name)[employee]
		self.assertEqual(carried.status, "Acknowledged")
		self.assertEqual(carried.carried_over_from, acks(v1.name)[employee].name)
		self.assertEqual(acks(v2.name)[employee_of("employee2@isms.test")].status, "Pending")

		v3 = self.revise(frappe.get_doc("Security Policy", v2.name), material=True)
		asked_again = acks(v3.name)[employee]
		self.assertEqual((asked_again.status, asked_again.carried_over_from), ("Pending", None))

	def test_compare_shows_changed_fields_and_lines(self):
		v1 = publish(make_policy())
		v2 = self.revise(v1, material=True, content="<p>Information is protected by its owner.</p>")
		with as_user("auditor@isms.test"):
			diff = compare_with_previous(v2.name)
		self.assertEqual(diff["previous_version"], v1.name)
		self.assertIn(
			("-", "Information is protected according to its classification."),
			[(row["kind"], row["line"]) for row in diff["content"]],
		)
		self.assertIn(
			("+", "Information is protected by its owner."),
			[(row["kind"], row["line"]) for row in diff["content"]],
		)
		self.assertEqual(compare_with_previous(v1.name)["previous_version"], None)
		# a draft takes effect when it is published: its empty date is not a change
		with as_user("manager@isms.test"):
			draft = new_version(v2.name)
			self.assertIsNone(frappe.db.get_value("Security Policy", draft, "effective_from"))
			self.assertEqual(compare_with_previous(draft)["fields"], [])


class TestPolicyReview(ISMSTestCase):
	def setUp(self):
		super().setUp()
		make_top_management("director@isms.test")

	def test_a_review_without_change_moves_the_next_review_date(self):
		policy = publish(make_policy(effective_from=add_months(today(), -11)))
		with as_user("director@isms.test"):
			result = record_review(policy.name, "No Change Needed", note="Still fits the risks.")
		policy.reload()
		self.assertEqual(getdate(policy.last_reviewed_on), getdate(today()))
		self.assertEqual(getdate(policy.next_review_due), getdate(add_months(today(), 12)))
		self.assertEqual(str(policy.next_review_due), result["next_review_due"])
		self.assertEqual(
			[(r.outcome, r.reviewed_by, r.note) for r in policy.reviews],
			[("No Change Needed", "director@isms.test", "Still fits the risks.")],
		)
		self.assertEqual((policy.version, policy.status), (1, "Published"))

	def test_change_needed_opens_the_next_version(self):
		policy = publish(make_policy())
		with as_user("director@isms.test"):
			result = record_review(policy.name, "Change Needed", note="New cloud provider.")
		draft = frappe.get_doc("Security Policy", result["new_version"])
		self.assertEqual((draft.docstatus, draft.version, draft.previous_version), (0, 2, policy.name))
		self.assertEqual(frappe.get_doc("Security Policy", policy.name).reviews[0].new_version, draft.name)

	def test_only_top_management_records_reviews(self):
		policy = publish(make_policy())
		for user, error in (
			("manager@isms.test", frappe.PermissionError),
			("auditor@isms.test", frappe.PermissionError),
			("director2@isms.test", ApprovalRefusedError),
		):
			with as_user(user), self.assertRaises(error, msg=user):
				record_review(policy.name, "No Change Needed")
		self.assertFalse(frappe.get_doc("Security Policy", policy.name).reviews)

	def test_a_review_cannot_be_recorded_in_the_future(self):
		policy = publish(make_policy())
		with as_user("director@isms.test"), self.assertRaises(frappe.ValidationError):
			record_review(policy.name, "No Change Needed", reviewed_on=add_days(today(), 3))

	def test_review_reminders_go_out_once_per_state(self):
		policy = publish(make_policy(effective_from=add_days(add_months(today(), -12), 10)))
		owner = "manager@isms.test"
		todos = lambda: frappe.get_all(  # noqa: E731
			"ToDo",
			filters={"reference_type": "Security Policy", "reference_name": policy.name, "status": "Open"},
			fields=["allocated_to", "priority"],
		)
		self.assertIn(policy.name, remind_reviews())
		self.assertEqual([(t.allocated_to, t.priority) for t in todos()], [(owner, "Medium")])
		self.assertNotIn(policy.name, remind_reviews())  # nothing new the next day
		self.assertEqual(len(todos()), 1)
		self.assertTrue(
			frappe.db.exists(
				"Notification Log", {"document_name": policy.name, "for_user": "manager@isms.test"}
			)
		)
		# the review was missed: the reminder goes out again as overdue
		frappe.db.set_value("Security Policy", policy.name, "next_review_due", add_days(today(), -1))
		self.assertIn(policy.name, remind_reviews())
		# recording the review closes the reminder
		with as_user("director@isms.test"):
			record_review(policy.name, "No Change Needed")
		self.assertEqual(todos(), [])


class TestSecurityPolicyPermissions(ISMSTestCase):
	def setUp(self):
		super().setUp()
		make_top_management("director@isms.test")

	def test_role_permissions(self):
		self.assertPermissions(
			"Security Policy",
			{
				"manager@isms.test": {"read": True, "create": True, "write": True, "submit": False},
				"director@isms.test": {"read": True, "create": False, "submit": True},
				"auditor@isms.test": {"read": True, "create": False, "write": False},
				"employee1@isms.test": {"create": False, "write": False},
				"nobody@isms.test": {"read": False},
			},
		)

	def test_employees_read_only_the_published_policies_meant_for_them(self):
		everyone = publish(make_policy())
		operations = publish(
			make_policy(
				"Operations Security Policy",
				policy_type="Topic-specific Policy",
				audience=[{"audience_type": "Department", "audience": "Information Security - ISMST"}],
			)
		)
		draft = make_policy("Draft Topic Policy", policy_type="Topic-specific Policy")
		with as_user("employee1@isms.test"):
			visible = set(frappe.get_list("Security Policy", pluck="name"))
			self.assertEqual(visible, {everyone.name})
			self.assertTrue(frappe.has_permission("Security Policy", "read", doc=everyone.name))
			self.assertFalse(frappe.has_permission("Security Policy", "read", doc=operations.name))
			self.assertFalse(frappe.has_permission("Security Policy", "read", doc=draft.name))
		with as_user("employee3@isms.test"):  # Information Security department
			self.assertEqual(
				set(frappe.get_list("Security Policy", pluck="name")), {everyone.name, operations.name}
			)
		with as_user("auditor@isms.test"):
			self.assertTrue(
				{everyone.name, operations.name, draft.name}
				<= set(frappe.get_list("Security Policy", pluck="name"))
			)

	def test_a_form_loads_for_its_readers(self):
		policy = publish(make_policy())
		from frappe.desk.form.load import getdoc

		for user in ("director@isms.test", "auditor@isms.test", "employee1@isms.test"):
			with as_user(user):
				frappe.response.docs = []
				getdoc("Security Policy", policy.name)
				loaded = frappe.response.docs[0]
				self.assertEqual(loaded.name, policy.name)
				self.assertEqual(loaded.get("__onload").acknowledgements["total"], len(active_employees()))
				self.assertEqual(bool(loaded.get("__onload").get("can_review")), user == "director@isms.test")


class TestAudience(ISMSTestCase):
	def test_audience_resolution(self):
		policy = frappe._dict(company=TEST_COMPANY, audience=[])
		everyone = {m.name for m in audience_members(policy)}
		self.assertEqual(everyone, active_employees())
		policy.audience = [frappe._dict(audience_type="Department", audience="Operations - ISMST")]
		operations = {m.name for m in audience_members(policy)}
		self.assertEqual(
			operations,
			set(
				frappe.get_all(
					"Employee", {"department": "Operations - ISMST", "status": "Active"}, pluck="name"
				)
			),
		)
		self.assertIn(employee_of("employee1@isms.test"), operations)
		make_top_management("director@isms.test")
		policy.audience.append(frappe._dict(audience_type="ISMS Role", audience="Top Management"))
		self.assertEqual(
			{m.name for m in audience_members(policy)}, operations | {employee_of("director@isms.test")}
		)

	def test_run_campaign_is_idempotent(self):
		make_top_management("director@isms.test")
		policy = publish(make_policy())
		self.assertEqual(set(acks(policy.name)), active_employees())
		self.assertEqual(run_campaign(policy.name), {"created": 0, "carried_over": 0})
		self.assertEqual(len(acks(policy.name)), len(active_employees()))
