"""Reminders that reach people by email: standard notifications, the weekly digest, and the
approval link of the workflow emails."""

from urllib.parse import parse_qsl, urlparse

from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Request

import frappe
from frappe.email.doctype.notification.notification import get_context
from frappe.utils import add_days, today
from frappe.utils.verified_command import verify_request
from frappe.workflow.doctype.workflow_action.workflow_action import get_confirm_workflow_action_url

from isms_leadership.exceptions import ApprovalRefusedError
from isms_leadership.tasks.digest import digest_html, digest_recipients
from isms_leadership.tests.factories import (
	TEST_COMPANY,
	as_user,
	employee_of,
	make_allocation,
	make_assignment,
	make_policy,
	make_review,
	make_top_management,
	make_user,
	send_for_approval,
	sign_off,
	summarise,
	transition,
)
from isms_leadership.tests.utils import ISMSTestCase


class TestStandardNotifications(ISMSTestCase):
	def test_the_standard_notifications_are_installed(self):
		self.assertEqual(
			set(
				frappe.get_all(
					"Notification", filters={"module": "ISMS Leadership", "enabled": 1}, pluck="name"
				)
			),
			# a policy review is reminded by the daily job alone (tasks.policies.remind_reviews)
			{"ISMS Role Assignment Expiring", "ISMS Action Due"},
		)

	def test_an_action_owner_hears_a_week_before_the_due_date(self):
		make_top_management("director@isms.test")
		review = make_review(
			decisions=[
				{
					"decision_type": "Improvement Opportunity",
					"description": "Encrypt the backups",
					"owner_employee": employee_of("employee1@isms.test"),
					"due_date": add_days(today(), 7),
				}
			]
		)
		summarise(review)
		sign_off(review)
		# What the daily alert job decides for this notification. (Sending is left out: Frappe
		# sends notification mail at once in tests and commits, which a test must not.)
		alert = frappe.get_doc("Notification", "ISMS Action Due")
		[doc] = alert.get_documents_for_today()
		self.assertEqual(doc.description, "Encrypt the backups")
		context = get_context(doc)
		self.assertTrue(frappe.safe_eval(alert.condition, None, context))
		recipients, _cc, _bcc = alert.get_list_of_recipients(doc, context)
		self.assertIn("employee1@isms.test", recipients)
		self.assertIn("manager@isms.test", recipients)
		message = frappe.render_template(alert.get_template(), context)
		self.assertIn("Encrypt the backups", message)
		self.assertIn(frappe.utils.formatdate(doc.due_date), message)
		self.assertEqual(frappe.render_template(alert.subject, context), f"ISMS action due: {doc.name}")


class TestWeeklyDigest(ISMSTestCase):
	def test_directors_hear_what_waits_for_them_and_the_gaps(self):
		make_top_management("director@isms.test")
		policy = send_for_approval(make_policy())
		recipients = dict(digest_recipients())
		self.assertEqual(recipients.get("director@isms.test"), [TEST_COMPANY])
		# a desk role without a top-management appointment gets no digest
		self.assertNotIn("director2@isms.test", recipients)
		html = digest_html("director@isms.test", recipients["director@isms.test"])
		self.assertIn("Waiting for your decision", html)
		self.assertIn(policy.name, html)
		self.assertIn("No information security policy is published.", html)
		# the author of the policy is not asked to approve it
		self.assertNotIn(policy.name, digest_html("manager@isms.test", [TEST_COMPANY]))


class TestWorkflowActionLink(ISMSTestCase):
	"""The link in the workflow email is signed for one user; following it applies the
	action as that user, as frappe's confirm_action does."""

	def follow(self, url: str):
		parsed = urlparse(url)
		had_request = hasattr(frappe.local, "request")
		previous = getattr(frappe.local, "request", None)
		# the GET request the mail client makes; dropped again before anything else runs
		frappe.local.request = Request(
			EnvironBuilder(path=parsed.path, query_string=parsed.query, method="GET").get_environ()
		)
		frappe.local.flags.signed_query_string = parsed.query
		try:
			valid = verify_request()
		finally:
			frappe.local.flags.signed_query_string = None
			if had_request:
				frappe.local.request = previous
			else:
				del frappe.local.request
		self.assertTrue(valid)
		params = dict(parse_qsl(parsed.query))
		with as_user(params["user"]):
			return transition(frappe.get_doc(params["doctype"], params["docname"]), params["action"])

	def test_the_link_approves_for_top_management(self):
		make_top_management("director@isms.test")
		policy = send_for_approval(make_policy())
		url = get_confirm_workflow_action_url(policy, "Publish", "director@isms.test")
		self.assertEqual(self.follow(url).status, "Published")

	def test_the_link_is_refused_for_the_author(self):
		make_top_management("director@isms.test")
		make_user("director@isms.test", ["ISMS Manager"])
		policy = send_for_approval(make_policy(author="director@isms.test"), author="director@isms.test")
		url = get_confirm_workflow_action_url(policy, "Publish", "director@isms.test")
		with self.assertRaises((ApprovalRefusedError, frappe.ValidationError)):
			self.follow(url)
		self.assertEqual(frappe.db.get_value("Security Policy", policy.name, "docstatus"), 0)
		# a tampered link is not accepted
		with self.assertRaises(AssertionError):
			self.follow(url.replace("director%40isms.test", "director2%40isms.test", 1))

	def test_the_link_approves_each_of_the_four_workflows(self):
		make_top_management("director@isms.test")
		assignment = make_assignment(employee_of("employee1@isms.test"), "Risk Owner")
		allocation = make_allocation()
		with as_user("manager@isms.test"):
			allocation = transition(allocation, "Send to Finance")
		with as_user("finance@isms.test"):
			allocation = transition(allocation, "Submit for Approval")
		review = make_review()
		summarise(review)
		with as_user("manager@isms.test"):
			review = transition(transition(review, "Start"), "Request Sign-off")
		policy = send_for_approval(make_policy())
		for doc, action, state in (
			(assignment, "Approve", "Active"),
			(allocation, "Approve", "Approved"),
			(review, "Sign Off", "Completed"),
			(policy, "Publish", "Published"),
		):
			url = get_confirm_workflow_action_url(doc, action, "director@isms.test")
			done = self.follow(url)
			self.assertEqual((done.docstatus, done.status), (1, state), doc.doctype)
