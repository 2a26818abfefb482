# Copyright (c) 2026, isms_leadership contributors
# License: MIT. See license.txt

import frappe
from frappe.utils import add_days, getdate, today

from isms_leadership.exceptions import CommunicationEvidenceError
from isms_leadership.queries.practice import communication_facts
from isms_leadership.tasks.practice import remind_overdue_communications
from isms_leadership.tests.factories import (
	OTHER_COMPANY,
	TEST_COMPANY,
	as_user,
	employee_of,
	make_policy,
	make_top_management,
	ours,
	publish,
)
from isms_leadership.tests.utils import ISMSTestCase

EVIDENCE = "/files/security-briefing-minutes.pdf"


def make_plan_row(company=TEST_COMPANY, **kwargs):
	doc = frappe.get_doc(
		{
			"doctype": "ISMS Planned Communication",
			"what": "Security newsletter",
			"company": company,
			"audience": "All employees",
			"trigger": "Frequency",
			"frequency": "Monthly",
			"channel": "Newsletter",
			"responsible_role": "Security Awareness Lead",
			**kwargs,
		}
	)
	with as_user("manager@isms.test"):
		doc.insert()
	return doc


def record(user="manager@isms.test", sender="manager@isms.test", **kwargs):
	doc = frappe.get_doc(
		{
			"doctype": "ISMS Communication",
			"topic": "Phishing season: what to look for",
			"company": TEST_COMPANY,
			"audience": "All employees",
			"channel": "Meeting",
			"sender": employee_of(sender),
			"attachment": EVIDENCE,
			**kwargs,
		}
	)
	with as_user(user):
		doc.insert()
	return doc


def newsletter(subject: str) -> frappe.model.document.Document:
	group = "ISMS Test Staff"
	if not frappe.db.exists("Email Group", group):
		frappe.get_doc({"doctype": "Email Group", "title": group}).insert()
		frappe.get_doc(
			{"doctype": "Email Group Member", "email_group": group, "email": "employee1@isms.test"}
		).insert()
	return frappe.get_doc(
		{
			"doctype": "Newsletter",
			"subject": subject,
			"sender_email": "manager@isms.test",
			"sender_name": "ISMS Manager",
			"content_type": "Rich Text",
			"message": "<p>Report suspicious emails with the Phish button.</p>",
			"email_group": [{"email_group": group}],
		}
	).insert()


def sent_newsletter() -> str:
	newsletter_ = newsletter("Security newsletter")
	# Sending needs the site's outgoing Email Account, which the test site does not have (and
	# with one Frappe would send inline and commit): record the send as Newsletter.queue_all does.
	newsletter_.db_set({"email_sent": 1, "email_sent_at": frappe.utils.now(), "total_recipients": 1})
	return newsletter_.name


class TestISMSCommunication(ISMSTestCase):
	def test_a_monthly_row_without_a_record_for_40_days_is_overdue_until_recorded(self):
		row = make_plan_row(planned_since=add_days(today(), -40))
		self.assertEqual(ours(remind_overdue_communications(), "ISMS Planned Communication"), [row.name])
		self.assertEqual(frappe.db.get_value("ISMS Planned Communication", row.name, "overdue"), 1)
		self.assertIn(
			"manager@isms.test",
			frappe.get_all(
				"ToDo",
				filters={"reference_type": "ISMS Planned Communication", "reference_name": row.name},
				pluck="allocated_to",
			),
		)
		self.assertEqual(
			ours(remind_overdue_communications(), "ISMS Planned Communication"),
			[],
			"reminded once per due date",
		)
		self.assertEqual(
			communication_facts(TEST_COMPANY, today())["plan_rows_overdue"], ("Security newsletter",)
		)

		record(planned_communication=row.name, communicated_on=add_days(today(), -1))
		row.reload()
		self.assertEqual(row.overdue, 0)
		self.assertEqual(getdate(row.last_communicated_on), getdate(add_days(today(), -1)))
		self.assertEqual(communication_facts(TEST_COMPANY, today())["plan_rows_overdue"], ())
		self.assertEqual(ours(remind_overdue_communications(), "ISMS Planned Communication"), [])

	def test_a_row_triggered_by_an_event_is_never_overdue_by_time(self):
		row = make_plan_row(trigger="Event", event="Policy published", planned_since=add_days(today(), -400))
		self.assertFalse(row.next_due)
		self.assertEqual(ours(remind_overdue_communications(), "ISMS Planned Communication"), [])

	def test_a_sent_newsletter_is_evidence_and_an_unsent_one_is_not(self):
		sent = sent_newsletter()
		doc = record(attachment=None, newsletter=sent, channel="Newsletter")
		self.assertEqual(doc.newsletter, sent)
		draft = newsletter("Not yet sent")
		with self.assertRaisesRegex(CommunicationEvidenceError, "has not been sent"):
			record(attachment=None, newsletter=draft.name, topic="Unsent")
		with self.assertRaisesRegex(CommunicationEvidenceError, "evidence"):
			record(attachment=None, topic="No evidence")
		self.assertNotSaved("ISMS Communication", topic="Unsent")
		self.assertNotSaved("ISMS Communication", topic="No evidence")

	def test_an_email_sent_from_the_desk_is_evidence(self):
		email = frappe.get_doc(
			{
				"doctype": "Communication",
				"communication_type": "Communication",
				"communication_medium": "Email",
				"sent_or_received": "Sent",
				"subject": "Reminder: lock your screen",
				"content": "Lock your screen when you leave your desk.",
				"recipients": "employee1@isms.test",
			}
		).insert(ignore_permissions=True)
		self.assertEqual(record(attachment=None, email=email.name, channel="Email").email, email.name)
		email.db_set("sent_or_received", "Received")
		with self.assertRaisesRegex(CommunicationEvidenceError, "not an email sent"):
			record(attachment=None, email=email.name, topic="Received mail")

	def test_top_management_senders_are_flagged_and_may_record(self):
		make_top_management()
		with as_user("director@isms.test"):
			self.assertTrue(frappe.has_permission("ISMS Communication", "create"))
		doc = record(user="director@isms.test", sender="director@isms.test", topic="Why security matters")
		self.assertEqual(doc.sender_is_top_management, 1)
		self.assertEqual(record().sender_is_top_management, 0)
		self.assertEqual(communication_facts(TEST_COMPANY, today())["top_management_communications"], 1)

	def test_a_published_policy_not_communicated_within_the_days_is_a_gap(self):
		make_top_management()
		policy = publish(make_policy())
		frappe.db.set_value("Security Policy", policy.name, "approved_on", add_days(today(), -20))
		self.assertEqual(
			communication_facts(TEST_COMPANY, today())["policies_not_communicated"], (policy.name,)
		)
		record(security_policy=policy.name, topic="The new information security policy")
		self.assertEqual(communication_facts(TEST_COMPANY, today())["policies_not_communicated"], ())

	def test_linked_records_must_belong_to_the_company(self):
		other = make_policy(company=OTHER_COMPANY, author="Administrator")
		with self.assertRaisesRegex(frappe.ValidationError, "does not belong to"):
			record(security_policy=other.name, topic="Wrong company")
		self.assertNotSaved("ISMS Communication", topic="Wrong company")

	def test_permissions(self):
		self.assertPermissions(
			"ISMS Communication",
			{
				"manager@isms.test": {"create": True, "write": True, "delete": True},
				"director@isms.test": {"create": True, "read": True, "delete": False},
				"auditor@isms.test": {"read": True, "create": False, "write": False},
				"employee1@isms.test": {"read": False, "create": False},
			},
		)
		self.assertPermissions(
			"ISMS Planned Communication",
			{
				"manager@isms.test": {"create": True, "write": True},
				"director@isms.test": {"read": True, "write": False},
				"auditor@isms.test": {"read": True, "write": False},
				"employee1@isms.test": {"read": False},
			},
		)
