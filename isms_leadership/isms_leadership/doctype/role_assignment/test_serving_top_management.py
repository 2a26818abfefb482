# Copyright (c) 2026, isms_leadership contributors
# License: MIT. See license.txt
"""Only a serving director approves: what an appointment grants is fixed at approval, held
only while its Employee is Active, not relieved and still the approved user."""

import frappe
from frappe.utils import add_days, getdate, today

from isms_leadership.exceptions import (
	ApprovalRefusedError,
	GrantChangeError,
	InvalidPeriodError,
	PrivilegedDeskRoleError,
)
from isms_leadership.isms_leadership.doctype.role_assignment.api import accept, hand_over
from isms_leadership.queries.appointments import company_has_top_management, top_management_companies
from isms_leadership.tasks.appointments import vacate_leavers
from isms_leadership.tests.factories import (
	TEST_COMPANY,
	as_user,
	employee_of,
	make_assignment,
	make_employee,
	make_top_management,
	make_user,
	transition,
)
from isms_leadership.tests.utils import ISMSTestCase

DIRECTOR = "director@isms.test"
TM_DESK = "ISMS Top Management"


def roles_of(user):
	frappe.clear_cache(user=user)
	return set(frappe.get_roles(user))


class ServingCase(ISMSTestCase):
	def setUp(self):
		super().setUp()
		self.tm = make_top_management()  # director@isms.test
		self.employee = employee_of(DIRECTOR)
		self.pending = make_assignment(employee_of("employee1@isms.test"), "Risk Owner")

	def approve_pending(self, user=DIRECTOR):
		with as_user(user):
			return transition(frappe.get_doc("Role Assignment", self.pending.name), "Approve")

	def assertRefused(self, user=DIRECTOR, says=None):
		with self.assertRaises(ApprovalRefusedError) as caught:
			self.approve_pending(user)
		if says:
			self.assertIn(says, str(caught.exception))
		self.assertEqual(frappe.db.get_value("Role Assignment", self.pending.name, "docstatus"), 0)

	def set_employee(self, **values):
		"""Change the director's Employee without any event, as a script would."""
		frappe.db.set_value("Employee", self.employee, values)


class TestWhatAnAppointmentGrants(ServingCase):
	def test_fixed_at_approval(self):
		tm = frappe.get_doc("Role Assignment", self.tm.name)
		self.assertEqual((tm.user, tm.is_top_management, tm.desk_role), (DIRECTOR, 1, TM_DESK))

	def test_forged_grants_in_the_approval_request_are_replaced(self):
		doc = frappe.get_doc("Role Assignment", self.pending.name)
		doc.update({"user": "nobody@isms.test", "is_top_management": 1, "desk_role": "ISMS Manager"})
		doc.workflow_state = "Approved"
		with as_user(DIRECTOR):
			doc.submit()
		stored = frappe.get_doc("Role Assignment", self.pending.name)
		self.assertEqual(
			(stored.user, stored.is_top_management, stored.desk_role), ("employee1@isms.test", 0, None)
		)
		self.assertNotIn(TEST_COMPANY, top_management_companies("nobody@isms.test"))

	def test_isms_manager_cannot_change_what_a_role_grants(self):
		for field, value in (("is_top_management", 1), ("desk_role", TM_DESK)):
			role = frappe.get_doc("ISMS Role", "Risk Owner")
			role.set(field, value)
			with as_user("manager@isms.test"), self.assertRaises(GrantChangeError):
				role.save()
		role = frappe.get_doc("ISMS Role", "Top Management")
		role.is_top_management = 0
		with as_user("manager@isms.test"), self.assertRaises(GrantChangeError):
			role.save()
		self.assertEqual(frappe.db.get_value("ISMS Role", "Top Management", "is_top_management"), 1)

	def test_a_changed_role_reaches_new_appointments_only(self):
		# a System Manager makes Risk Owner top management and takes the desk role off Top Management
		frappe.db.set_value("ISMS Role", "Risk Owner", "is_top_management", 1)
		risk = make_assignment(employee_of("employee2@isms.test"), "Risk Owner", submit=True)
		self.assertEqual(risk.is_top_management, 1, "a new appointment takes the role as it is")
		role = frappe.get_doc("ISMS Role", "Top Management")
		role.is_top_management = 0
		role.desk_role = None
		role.save()  # Administrator: a System Manager
		self.assertIn(TEST_COMPANY, top_management_companies(DIRECTOR), "existing holders keep it")
		self.assertIn(TM_DESK, roles_of(DIRECTOR))

	def test_desk_roles_outside_the_allow_list(self):
		for desk_role in ("HR Manager", "Accounts Manager", "System Manager", "Stock Manager"):
			with self.assertRaises(PrivilegedDeskRoleError):
				frappe.get_doc(
					{"doctype": "ISMS Role", "role_name": f"Door {desk_role}", "desk_role": desk_role}
				).insert()
		settings = frappe.get_doc("ISMS Settings")
		settings.additional_desk_roles = "Stock Manager"
		settings.save()
		frappe.get_doc(
			{"doctype": "ISMS Role", "role_name": "Stock Keeper", "desk_role": "Stock Manager"}
		).insert()
		settings.additional_desk_roles = "Stock Manager\nHR Manager"
		with self.assertRaises(PrivilegedDeskRoleError):
			settings.save()


class TestHeldToday(ServingCase):
	def test_relieving_date_boundaries(self):
		for offset, held in ((1, True), (0, False), (-1, False)):
			self.set_employee(relieving_date=add_days(today(), offset))
			self.assertEqual(TEST_COMPANY in top_management_companies(DIRECTOR), held, offset)
			self.assertEqual(company_has_top_management(TEST_COMPANY), held, offset)
		self.assertRefused(says="relieved as of")

	def test_assignment_ending_today_is_held_until_tonight(self):
		frappe.db.set_value("Role Assignment", self.tm.name, "to_date", today())
		self.assertIn(TEST_COMPANY, top_management_companies(DIRECTOR))
		frappe.db.set_value("Role Assignment", self.tm.name, "to_date", add_days(today(), -1))
		self.assertNotIn(TEST_COMPANY, top_management_companies(DIRECTOR))
		self.assertRefused(says="ended on")

	def test_a_leaver_approves_nothing_before_the_nightly_job(self):
		self.set_employee(status="Left")
		self.assertRefused(says="the Employee is Left")
		self.assertEqual(frappe.db.get_value("Role Assignment", self.tm.name, "status"), "Active")

	def test_user_id_changed_without_events(self):
		make_user("newcomer@isms.test", [TM_DESK])
		self.set_employee(user_id="newcomer@isms.test")
		self.assertRefused(DIRECTOR, says="approved for director@isms.test")
		self.assertRefused("newcomer@isms.test", says="approved for director@isms.test")
		# the nightly sweep records it
		self.assertEqual(vacate_leavers(), [self.tm.name])
		self.assertEqual(frappe.db.get_value("Role Assignment", self.tm.name, "status"), "Vacated")
		self.assertNotIn(TM_DESK, roles_of(DIRECTOR))


class TestUserChanges(ServingCase):
	def test_repointing_ends_the_holding_at_once_and_gives_the_new_user_nothing(self):
		make_user("newcomer@isms.test")
		employee = frappe.get_doc("Employee", self.employee)
		employee.user_id = "newcomer@isms.test"
		employee.save()
		tm = frappe.get_doc("Role Assignment", self.tm.name)
		self.assertEqual((tm.status, tm.vacated, tm.ended_on), ("Vacated", 1, getdate(today())))
		self.assertIn("newcomer@isms.test", tm.end_reason)
		self.assertNotIn(TM_DESK, roles_of(DIRECTOR))
		self.assertNotIn(TM_DESK, roles_of("newcomer@isms.test"))
		self.assertNotIn(TEST_COMPANY, top_management_companies("newcomer@isms.test"))
		with as_user("newcomer@isms.test"), self.assertRaises(frappe.PermissionError):
			accept(self.tm.name)

	def test_user_removed_then_given_back(self):
		employee = frappe.get_doc("Employee", self.employee)
		employee.user_id = None
		employee.save()
		self.assertEqual(frappe.db.get_value("Role Assignment", self.tm.name, "status"), "Vacated")
		employee.reload()
		employee.user_id = DIRECTOR
		employee.save()
		self.assertNotIn(TEST_COMPANY, top_management_companies(DIRECTOR), "a new appointment is needed")

	def test_an_employee_approved_without_a_user_grants_nothing_to_a_later_one(self):
		bare = make_employee(first_name="Userless", department="Board")
		tm = make_assignment(bare, "Top Management", submit=True, approver=DIRECTOR)
		self.assertIsNone(tm.user)
		make_user("late@isms.test", [TM_DESK])
		frappe.db.set_value("Employee", bare, "user_id", "late@isms.test")
		self.assertNotIn(TEST_COMPANY, top_management_companies("late@isms.test"))


class TestEndingEarly(ServingCase):
	def setUp(self):
		super().setUp()
		self.successor = employee_of("director2@isms.test")

	def test_hand_over_in_the_past_is_refused(self):
		with as_user(DIRECTOR), self.assertRaises(InvalidPeriodError):
			hand_over(self.tm.name, self.successor, add_days(today(), -90))
		self.assertIsNone(frappe.db.get_value("Role Assignment", self.tm.name, "ended_on"))

	def test_hr_cannot_hand_over_top_management(self):
		with as_user("hr@isms.test"), self.assertRaises(ApprovalRefusedError):
			hand_over(self.tm.name, self.successor)
		self.assertIsNone(frappe.db.get_value("Role Assignment", self.tm.name, "ended_on"))
		self.assertIn(TM_DESK, roles_of(DIRECTOR))

	def test_the_holder_hands_over_their_own(self):
		with as_user(DIRECTOR):
			draft = hand_over(self.tm.name, self.successor)
		self.assertEqual(frappe.db.get_value("Role Assignment", draft, "docstatus"), 0)
		self.assertEqual(frappe.db.get_value("Role Assignment", self.tm.name, "ended_on"), getdate(today()))

	def test_cancel_needs_a_serving_director_of_the_company(self):
		make_user("desk.only@isms.test", [TM_DESK])
		for user in ("desk.only@isms.test", "sysadmin@isms.test", "other.director@isms.test"):
			doc = frappe.get_doc("Role Assignment", self.tm.name)
			with as_user(user), self.assertRaises((ApprovalRefusedError, frappe.PermissionError)):
				doc.cancel()
			self.assertEqual(frappe.db.get_value("Role Assignment", self.tm.name, "docstatus"), 1, user)

	def test_cancel_acts_on_the_stored_record(self):
		risk = make_assignment(employee_of("employee2@isms.test"), "Risk Owner", submit=True)
		doc = frappe.get_doc("Role Assignment", risk.name)
		doc.user = "nobody@isms.test"
		doc.is_top_management = 1
		doc.responsibilities = "forged"
		with as_user(DIRECTOR):
			doc.cancel()
		stored = frappe.get_doc("Role Assignment", risk.name)
		self.assertEqual(stored.docstatus, 2)
		self.assertEqual((stored.user, stored.is_top_management), ("employee2@isms.test", 0))
		self.assertNotEqual(stored.responsibilities, "forged")

	def test_the_holder_resigns(self):
		with as_user(DIRECTOR):
			frappe.get_doc("Role Assignment", self.tm.name).cancel()
		self.assertEqual(frappe.db.get_value("Role Assignment", self.tm.name, "docstatus"), 2)
		self.assertNotIn(TM_DESK, roles_of(DIRECTOR))
