# Copyright (c) 2026, isms_leadership contributors
# License: MIT. See license.txt

import frappe
from frappe.model.workflow import WorkflowTransitionError
from frappe.utils import add_days, add_months, fmt_money, getdate, today

from isms_leadership.core.review import INPUT_CODES
from isms_leadership.exceptions import ActionChangeError, ApprovalRefusedError, SignOffError
from isms_leadership.isms_leadership.doctype.management_review.api import (
	make_resource_allocation,
	refresh_facts,
)
from isms_leadership.queries.reviews import company_next_review_due
from isms_leadership.tasks.reviews import remind_reviews
from isms_leadership.tests.factories import (
	EXPENSE,
	TEST_COMPANY,
	approve_allocation,
	as_user,
	employee_of,
	make_allocation,
	make_assignment,
	make_policy,
	make_review,
	make_top_management,
	make_user,
	post_expense,
	publish,
	sign_off,
	summarise,
	transition,
)
from isms_leadership.tests.utils import ISMSTestCase


def decision(
	description="Buy a SIEM", decision_type="Improvement Opportunity", owner="manager@isms.test", **kw
):
	return {
		"decision_type": decision_type,
		"description": description,
		"owner_employee": employee_of(owner),
		"due_date": add_days(today(), 60),
		**kw,
	}


def summary_of(review, code):
	return next(
		r.system_summary for r in frappe.get_doc("Management Review", review).inputs if r.input_code == code
	)


class TestManagementReviewPreparation(ISMSTestCase):
	def setUp(self):
		super().setUp()
		make_top_management("director@isms.test")

	def test_inputs_a_to_g_are_created(self):
		review = make_review()
		self.assertEqual([r.input_code for r in review.inputs], list(INPUT_CODES))
		self.assertTrue(all(r.input for r in review.inputs))
		self.assertEqual(review.status, "Planned")
		self.assertEqual(getdate(review.period_to), getdate(today()))

	def test_attendees_roles_are_derived(self):
		review = make_review(attendees=(("director@isms.test", 1), ("employee1@isms.test", 1)))
		rows = {r.employee: r for r in review.attendees}
		self.assertEqual(rows[employee_of("director@isms.test")].top_management, 1)
		self.assertIn("Top Management", rows[employee_of("director@isms.test")].isms_roles)
		self.assertEqual(rows[employee_of("employee1@isms.test")].top_management, 0)

	def test_the_chair_must_be_top_management(self):
		with self.assertRaises(SignOffError):
			make_review(chair="director2@isms.test")

	def test_system_summaries_state_the_facts_and_freeze_at_sign_off(self):
		policy = publish(make_policy())
		frappe.db.set_value("Security Policy", policy.name, "next_review_due", add_days(today(), -1))
		approve_allocation(make_allocation([("Other", EXPENSE["services"], 1000)]))
		post_expense(EXPENSE["services"], 250)
		review = make_review()
		facts = summary_of(review.name, "d2")
		self.assertIn("1 published, 1 overdue for review", facts)
		self.assertIn("average acknowledgement rate 0.0%", facts)
		self.assertIn(
			f"allocated {fmt_money(1000, currency='USD')}, spent {fmt_money(250, currency='USD')} (25.0%)",
			facts,
		)
		self.assertEqual(summary_of(review.name, "a"), "Open actions: 0, of which overdue: 0.")
		self.assertFalse(summary_of(review.name, "b"))  # left for people

		summarise(review)
		sign_off(review)
		post_expense(EXPENSE["services"], 500)  # the ledger moves on; the record does not
		self.assertEqual(summary_of(review.name, "d2"), facts)
		with as_user("manager@isms.test"), self.assertRaises(frappe.ValidationError):
			refresh_facts(review.name)

	def test_facts_can_be_refreshed_until_sign_off(self):
		review = make_review()
		approve_allocation(make_allocation([("Other", EXPENSE["services"], 400)]))
		with as_user("manager@isms.test"):
			refresh_facts(review.name)
		self.assertIn(fmt_money(400, currency="USD"), summary_of(review.name, "d2"))


class TestSignOff(ISMSTestCase):
	def setUp(self):
		super().setUp()
		make_top_management("director@isms.test")

	def test_a_valid_sign_off_creates_one_action_and_todo_per_decision(self):
		policy = publish(make_policy("Access Control Policy", policy_type="Topic-specific Policy"))
		review = make_review(
			decisions=[
				decision(),
				decision("Update access control", "Policy Change", security_policy=policy.name),
				decision("Two more analysts", "Resource Need", owner="employee3@isms.test"),
			]
		)
		summarise(review)
		review = sign_off(review)
		self.assertEqual(
			(review.status, review.docstatus, review.signed_off_by), ("Completed", 1, "director@isms.test")
		)
		self.assertIn("Top Management", review.signed_off_role)
		actions = frappe.get_all(
			"ISMS Action",
			filters={"management_review": review.name},
			fields=["name", "owner_user", "status", "due_date"],
		)
		self.assertEqual(len(actions), 3)
		self.assertEqual({a.status for a in actions}, {"Open"})
		for action in actions:
			todos = frappe.get_all(
				"ToDo",
				filters={"reference_type": "ISMS Action", "reference_name": action.name, "status": "Open"},
				pluck="allocated_to",
			)
			self.assertEqual(todos, [action.owner_user])
		rows = {r.decision_type: r for r in review.decisions}
		self.assertTrue(all(r.isms_action for r in review.decisions))
		draft = frappe.get_doc("Security Policy", rows["Policy Change"].follow_up)
		self.assertEqual((draft.previous_version, draft.docstatus), (policy.name, 0))
		with as_user("auditor@isms.test"):
			html = frappe.get_print("Management Review", review.name, print_format="Management Review")
		self.assertIn("Signed off by Director (Top Management)", html)
		self.assertIn("Audit results", html)
		self.assertIn("Update access control", html)
		with as_user("manager@isms.test"):
			allocation = make_resource_allocation(review.name, rows["Resource Need"].name)
		self.assertEqual((allocation.management_review, allocation.company), (review.name, TEST_COMPANY))
		self.assertTrue(allocation.is_new())

	def test_no_top_management_attendee(self):
		review = make_review(attendees=(("director@isms.test", 0), ("manager@isms.test", 1)))
		summarise(review)
		with self.assertRaisesRegex(SignOffError, "No member of top management attended"):
			sign_off(review)
		self.assertEqual(frappe.db.get_value("Management Review", review.name, "docstatus"), 0)

	def test_an_input_without_summary(self):
		review = make_review()
		summarise(review)
		frappe.db.set_value(
			"Management Review Input", {"parent": review.name, "input_code": "f"}, "discussion_summary", ""
		)
		with self.assertRaisesRegex(SignOffError, "no discussion summary: f"):
			sign_off(review)

	def test_a_carried_action_without_note(self):
		first = make_review(decisions=[decision()])
		summarise(first)
		sign_off(first)
		second = make_review(title="Second Review")
		self.assertEqual(len(second.carried_actions), 1)
		doc = frappe.get_doc("Management Review", second.name)
		for row in doc.inputs:
			row.discussion_summary = "Discussed."
		with as_user("manager@isms.test"):
			doc.save()
		with self.assertRaisesRegex(SignOffError, "no status note"):
			sign_off(second)

	def test_an_approver_who_is_not_top_management(self):
		review = make_review(attendees=(("director@isms.test", 1), ("director2@isms.test", 1)))
		summarise(review)
		with as_user("manager@isms.test"):
			review = transition(review, "Start")
			review = transition(review, "Request Sign-off")
			with self.assertRaises(WorkflowTransitionError):
				transition(review, "Sign Off")
		with (
			as_user("director2@isms.test"),
			self.assertRaisesRegex(SignOffError, "did not attend the review as top management"),
		):
			transition(review, "Sign Off")
		with as_user("director2@isms.test"), self.assertRaises(SignOffError):  # through REST
			doc = frappe.get_doc("Management Review", review.name)
			doc.workflow_state = "Completed"
			doc.submit()
		self.assertEqual(frappe.db.get_value("Management Review", review.name, "docstatus"), 0)

	def test_the_preparer_cannot_sign_off(self):
		make_user("director@isms.test", ["ISMS Manager"])
		review = make_review()
		summarise(review)
		with as_user("director@isms.test"):
			review = transition(review, "Start")
			review = transition(review, "Request Sign-off")
			with self.assertRaisesRegex(ApprovalRefusedError, "requested this"):
				transition(review, "Sign Off")
			with self.assertRaisesRegex(ApprovalRefusedError, "requested this"):  # through REST
				doc = frappe.get_doc("Management Review", review.name)
				doc.workflow_state = "Completed"
				doc.submit()
		self.assertEqual(frappe.db.get_value("Management Review", review.name, "docstatus"), 0)


class TestActions(ISMSTestCase):
	def setUp(self):
		super().setUp()
		make_top_management("director@isms.test")
		review = make_review(decisions=[decision(owner="employee1@isms.test"), decision("Train staff")])
		summarise(review)
		self.review = sign_off(review)
		self.mine = frappe.db.get_value(
			"ISMS Action", {"management_review": self.review.name, "owner_user": "employee1@isms.test"}
		)
		self.other = frappe.db.get_value(
			"ISMS Action", {"management_review": self.review.name, "owner_user": "manager@isms.test"}
		)

	def test_open_actions_are_carried_until_closed(self):
		second = make_review(title="Second")
		self.assertEqual({r.isms_action for r in second.carried_actions}, {self.mine, self.other})
		summarise(second)
		sign_off(second)
		with as_user("employee1@isms.test"):
			action = frappe.get_doc("ISMS Action", self.mine)
			action.completed_on = today()
			action.completion_note = "SIEM in production."
			action.save()
		self.assertEqual(
			frappe.db.get_value("ISMS Action", self.mine, ["status", "closed_on"]),
			("Completed", getdate(today())),
		)
		self.assertFalse(frappe.db.exists("ToDo", {"reference_name": self.mine, "status": "Open"}))
		third = make_review(title="Third")
		self.assertEqual([r.isms_action for r in third.carried_actions], [self.other])

	def test_owners_update_their_own_progress_only(self):
		with as_user("employee1@isms.test"):
			action = frappe.get_doc("ISMS Action", self.mine)
			action.progress_note = "Vendor chosen."
			action.save()
			self.assertEqual(action.status, "In Progress")
			action.due_date = add_days(today(), 365)
			with self.assertRaises(ActionChangeError):
				action.save()
			self.assertFalse(frappe.has_permission("ISMS Action", "write", doc=self.other))
			with self.assertRaises(frappe.PermissionError):
				other = frappe.get_doc("ISMS Action", self.other)
				other.completed_on = today()
				other.completion_note = "Not mine."
				other.save()
			self.assertEqual(frappe.get_list("ISMS Action", pluck="name"), [self.mine])
		self.assertEqual(frappe.db.get_value("ISMS Action", self.other, "status"), "Open")

	def test_overdue_flag(self):
		from isms_leadership.tasks.reviews import update_overdue

		frappe.db.set_value("ISMS Action", self.mine, "due_date", add_days(today(), -1))
		self.assertEqual(update_overdue(), 1)
		self.assertEqual(update_overdue(), 0)
		self.assertEqual(frappe.db.get_value("ISMS Action", self.mine, "overdue"), 1)


class TestIntervalsAndPermissions(ISMSTestCase):
	def setUp(self):
		super().setUp()
		make_top_management("director@isms.test")

	def test_next_review_due_and_reminders(self):
		self.assertEqual(company_next_review_due(TEST_COMPANY), getdate(today()))  # never held: a gap
		first = remind_reviews()
		self.assertIn(TEST_COMPANY, first)
		self.assertNotIn(TEST_COMPANY, remind_reviews())  # idempotent
		# the chair has held the top-management role since before the review
		make_assignment(
			employee_of("director2@isms.test"),
			"Top Management",
			from_date=add_months(today(), -13),
			submit=True,
		)
		# held a year ago less twenty days: the next is due in twenty days, within the lead days
		# whatever the length of the months in between
		held = add_days(add_months(today(), -12), 20)
		review = make_review(
			review_date=held,
			chair="director2@isms.test",
			attendees=(("director2@isms.test", 1),),
		)
		summarise(review)
		sign_off(review, approver="director2@isms.test")
		due = company_next_review_due(TEST_COMPANY)
		self.assertEqual(due, getdate(add_months(held, 12)))
		self.assertIn(TEST_COMPANY, remind_reviews())  # due within the lead days
		self.assertNotIn(TEST_COMPANY, remind_reviews())
		self.assertTrue(
			frappe.db.exists(
				"Notification Log", {"for_user": "director2@isms.test", "document_name": TEST_COMPANY}
			)
		)

	def test_attendees_read_the_reviews_they_attend(self):
		attended = make_review(attendees=(("director@isms.test", 1), ("employee1@isms.test", 1)))
		other = make_review(title="Board only")
		with as_user("employee1@isms.test"):
			self.assertEqual(frappe.get_list("Management Review", pluck="name"), [attended.name])
			self.assertFalse(frappe.has_permission("Management Review", "read", doc=other.name))
			self.assertFalse(frappe.has_permission("Management Review", "write", doc=attended.name))
		with as_user("employee2@isms.test"):
			self.assertEqual(frappe.get_list("Management Review", pluck="name"), [])
		self.assertPermissions(
			"Management Review",
			{
				"manager@isms.test": {"create": True, "write": True, "submit": False},
				"director@isms.test": {"create": False, "submit": True},
				"auditor@isms.test": {"read": True, "write": False},
				"nobody@isms.test": {"read": False},
			},
		)


class TestReviewOfObjectives(ISMSTestCase):
	"""Input d4 (fulfilment of information security objectives) states each approved
	objective's status and is frozen when the review is signed off."""

	def test_input_d4_shows_the_objectives_and_is_frozen_at_sign_off(self):
		from isms_leadership.isms_leadership.doctype.security_objective.api import record_measurement
		from isms_leadership.tests.factories import make_objective

		make_top_management()
		objective = make_objective()
		with as_user("manager@isms.test"):
			objective = transition(objective, "Submit for Approval", "Security Objective")
		with as_user("director@isms.test"):
			objective = transition(objective, "Approve", "Security Objective")
		with as_user("manager@isms.test"):
			record_measurement(objective.name, add_days(today(), -1), 20.0, "Baseline")

		review = make_review()
		d4 = next(row for row in review.inputs if row.input_code == "d4")
		self.assertIn("Objectives: 1 approved; On track 1.", d4.system_summary)
		self.assertIn(
			f"{objective.name} Reduce the phishing click rate: On track (latest 20 %", d4.system_summary
		)

		review = sign_off(summarise(review))
		self.assertEqual(review.docstatus, 1)
		with as_user("manager@isms.test"):
			self.assertEqual(record_measurement(objective.name, today(), 4.0)["status"], "Achieved")
			with self.assertRaises(frappe.ValidationError):
				refresh_facts(review.name)
		frozen = frappe.get_doc("Management Review", review.name)
		self.assertEqual(
			next(row for row in frozen.inputs if row.input_code == "d4").system_summary, d4.system_summary
		)
