# Copyright (c) 2026, isms_leadership contributors
# License: MIT. See license.txt

import frappe
from frappe.utils import add_days, getdate, today

from isms_leadership.exceptions import (
	ApprovalRefusedError,
	ApprovedRecordChangeError,
	CompetenceEvidenceError,
	ConflictingRoleError,
	EmployeeNotEligibleError,
	InvalidDeputyError,
	InvalidPeriodError,
	OverlappingAssignmentError,
)
from isms_leadership.isms_leadership.doctype.role_assignment.api import accept, hand_over
from isms_leadership.tasks.appointments import update_statuses, vacate_leavers
from isms_leadership.tests.factories import (
	OTHER_COMPANY,
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

MONTH_AGO = add_days(today(), -30)


def roles_of(user):
	return set(frappe.get_roles(user))


def open_todos(assignment):
	return frappe.get_all(
		"ToDo",
		filters={"reference_type": "Role Assignment", "reference_name": assignment, "status": "Open"},
		pluck="allocated_to",
	)


class TestRoleAssignmentValidation(ISMSTestCase):
	def setUp(self):
		super().setUp()
		self.employee = employee_of("employee1@isms.test")

	def draft(self, **kwargs):
		values = {
			"doctype": "Role Assignment",
			"employee": self.employee,
			"company": TEST_COMPANY,
			"isms_role": "Risk Owner",
			"from_date": today(),
			**kwargs,
		}
		return frappe.get_doc(values)

	def test_to_date_before_from_date(self):
		with self.assertRaises(InvalidPeriodError):
			self.draft(from_date=today(), to_date=add_days(today(), -1)).insert()
		self.assertNotSaved("Role Assignment", employee=self.employee)

	def test_employee_must_be_active_and_of_the_company(self):
		with self.assertRaises(EmployeeNotEligibleError):
			self.draft(company=OTHER_COMPANY).insert()
		left = make_employee(
			first_name="Gone", status="Left", relieving_date=add_days(today(), -10), department="Operations"
		)
		with self.assertRaises(EmployeeNotEligibleError):
			self.draft(employee=left).insert()
		self.assertNotSaved("Role Assignment", isms_role="Risk Owner", employee=["in", [self.employee, left]])

	def test_same_role_in_an_overlapping_period(self):
		make_top_management()
		first = make_assignment(self.employee, "Risk Owner", to_date=add_days(today(), 100), submit=True)
		with self.assertRaises(OverlappingAssignmentError) as caught:
			self.draft(from_date=add_days(today(), 50)).insert()
		self.assertIn(first.name, str(caught.exception))
		# after the first one ends, the same role can be given again
		self.draft(from_date=add_days(today(), 101)).insert()

	def test_conflicting_role_in_both_directions(self):
		make_top_management()
		make_assignment(self.employee, "Information Security Manager", submit=True)
		with self.assertRaises(ConflictingRoleError) as caught:
			self.draft(isms_role="Internal Auditor").insert()
		self.assertIn("Information Security Manager", str(caught.exception))

		other = employee_of("employee2@isms.test")
		make_assignment(other, "Internal Auditor", submit=True)
		with self.assertRaises(ConflictingRoleError):
			self.draft(employee=other, isms_role="Information Security Manager").insert()
		self.assertNotSaved("Role Assignment", employee=other, isms_role="Information Security Manager")

	def test_deputy(self):
		with self.assertRaises(InvalidDeputyError):
			self.draft(deputy=self.employee).insert()
		inactive = make_employee(first_name="Resting", status="Inactive", department="Operations")
		with self.assertRaises(InvalidDeputyError):
			self.draft(deputy=inactive).insert()
		self.assertNotSaved("Role Assignment", employee=self.employee)
		self.draft(deputy=employee_of("employee2@isms.test")).insert()

	def test_competence_evidence_required_before_approval(self):
		doc = self.draft(isms_role="Internal Auditor").insert()  # a draft may be incomplete
		doc.workflow_state = "Pending Approval"
		with self.assertRaises(CompetenceEvidenceError) as caught:
			doc.save()
		self.assertIn("requires competence evidence", str(caught.exception))

		doc.reload()
		doc.append(
			"competence_evidence",
			{"evidence_type": "Certification", "description": "CISA", "valid_until": add_days(today(), -1)},
		)
		doc.workflow_state = "Pending Approval"
		with self.assertRaises(CompetenceEvidenceError) as caught:
			doc.save()
		self.assertIn("expired", str(caught.exception))
		self.assertEqual(frappe.db.get_value("Role Assignment", doc.name, "workflow_state"), "Draft")

		doc.reload()
		doc.append("competence_evidence", {"evidence_type": "Certification", "description": "CISA 2026"})
		doc.workflow_state = "Pending Approval"
		doc.save()
		self.assertEqual(doc.status, "Pending Approval")


class TestRoleAssignmentApproval(ISMSTestCase):
	def setUp(self):
		super().setUp()
		self.appointee = "employee1@isms.test"
		self.pending = make_assignment(employee_of(self.appointee), "Risk Owner")

	def test_bootstrap_then_top_management_approves(self):
		# no top management yet: a System Manager may approve the first appointment
		tm = make_assignment(employee_of("director@isms.test"), "Top Management")
		with as_user("sysadmin@isms.test"):
			tm = transition(tm, "Approve")
		self.assertEqual(tm.docstatus, 1)
		self.assertEqual(tm.approved_by_bootstrap, 1)

		with as_user("director@isms.test"):
			done = transition(self.pending, "Approve")
		self.assertEqual(done.docstatus, 1)
		self.assertEqual(done.status, "Active")
		self.assertEqual(done.approved_by, "director@isms.test")
		self.assertEqual(done.approved_by_bootstrap, 0)
		self.assertTrue(done.approved_on)
		self.assertEqual(done.requested_by, "hr@isms.test")

	def test_bootstrap_ends_once_top_management_exists(self):
		make_top_management()
		second = make_assignment(employee_of("director2@isms.test"), "Top Management")
		with as_user("sysadmin@isms.test"), self.assertRaises(ApprovalRefusedError):
			transition(second, "Approve")
		self.assertEqual(frappe.db.get_value("Role Assignment", second.name, "docstatus"), 0)

	def test_refused_approvers_through_apply_workflow(self):
		make_top_management()
		frappe.get_doc("User", self.appointee).add_roles("ISMS Top Management")
		refused = {
			self.appointee: "subject",  # desk role but no holding, and the subject
			"sysadmin@isms.test": "holds none",
			"hr@isms.test": None,  # the author, and no top-management transition for HR
			"director2@isms.test": "desk role alone",
		}
		for user in refused:
			with as_user(user), self.assertRaises((ApprovalRefusedError, frappe.ValidationError)):
				transition(frappe.get_doc("Role Assignment", self.pending.name), "Approve")
			self.assertEqual(frappe.db.get_value("Role Assignment", self.pending.name, "docstatus"), 0, user)

	def test_refused_approvers_through_plain_submit(self):
		"""A REST client that sets the state and submits meets the same rule."""
		make_top_management()
		frappe.get_doc("User", "hr@isms.test").add_roles("ISMS Top Management")
		for user, reason in (
			("hr@isms.test", "prepared this document"),
			("director2@isms.test", "desk role alone"),
		):
			doc = frappe.get_doc("Role Assignment", self.pending.name)
			doc.workflow_state = "Approved"
			with as_user(user), self.assertRaises(ApprovalRefusedError) as caught:
				doc.submit()
			self.assertIn(reason, str(caught.exception))
			self.assertEqual(frappe.db.get_value("Role Assignment", self.pending.name, "docstatus"), 0)

	def test_appointee_with_top_management_cannot_approve_own_appointment(self):
		make_top_management()
		own = make_assignment(employee_of("director@isms.test"), "Risk Owner")
		doc = frappe.get_doc("Role Assignment", own.name)
		doc.workflow_state = "Approved"
		with as_user("director@isms.test"), self.assertRaises(ApprovalRefusedError) as caught:
			doc.submit()
		self.assertIn("is the subject of this document", str(caught.exception))

	def test_setting_approved_state_without_submitting_is_refused(self):
		make_top_management()
		doc = frappe.get_doc("Role Assignment", self.pending.name)
		doc.workflow_state = "Approved"
		with as_user("director@isms.test"), self.assertRaises(ApprovalRefusedError):
			doc.save()

	def test_reject_and_revise(self):
		make_top_management()
		with as_user("director@isms.test"):
			rejected = transition(self.pending, "Reject")
		self.assertEqual(
			(rejected.workflow_state, rejected.status, rejected.docstatus), ("Rejected", "Draft", 0)
		)
		with as_user("hr@isms.test"):
			revised = transition(rejected, "Revise")
		self.assertEqual(revised.workflow_state, "Draft")


class TestDeskRoles(ISMSTestCase):
	def setUp(self):
		super().setUp()
		make_top_management()
		self.user = "employee3@isms.test"
		self.employee = employee_of(self.user)

	def test_granted_while_held_and_removed_when_ended(self):
		self.assertNotIn("ISMS Manager", roles_of(self.user))
		ism = make_assignment(self.employee, "Information Security Manager", from_date=MONTH_AGO, submit=True)
		self.assertIn("ISMS Manager", roles_of(self.user))

		ism.end(add_days(today(), -1), "Test end")
		self.assertEqual(ism.status, "Ended")
		self.assertNotIn("ISMS Manager", roles_of(self.user))

	def test_two_assignments_granting_the_same_desk_role(self):
		frappe.get_doc(
			{"doctype": "ISMS Role", "role_name": "Test Deputy Security Manager", "desk_role": "ISMS Manager"}
		).insert()
		ism = make_assignment(self.employee, "Information Security Manager", from_date=MONTH_AGO, submit=True)
		deputy = make_assignment(
			self.employee, "Test Deputy Security Manager", from_date=MONTH_AGO, submit=True
		)
		self.assertIn("ISMS Manager", roles_of(self.user))

		with as_user("director@isms.test"):
			frappe.get_doc("Role Assignment", ism.name).cancel()
		self.assertIn("ISMS Manager", roles_of(self.user), "still granted by the deputy role")
		deputy.end(add_days(today(), -1), "Test end")
		self.assertNotIn("ISMS Manager", roles_of(self.user))

	def test_scheduled_assignment_grants_on_its_from_date(self):
		ism = make_assignment(
			self.employee, "Information Security Manager", from_date=add_days(today(), 5), submit=True
		)
		self.assertEqual(ism.status, "Scheduled")
		self.assertNotIn("ISMS Manager", roles_of(self.user))

		frappe.db.set_value("Role Assignment", ism.name, "from_date", today())
		self.assertEqual(update_statuses(), {ism.name: "Active"})
		self.assertIn("ISMS Manager", roles_of(self.user))
		self.assertEqual(update_statuses(), {}, "the daily job is idempotent")

	def test_expired_assignment_ends_in_the_daily_job(self):
		ism = make_assignment(
			self.employee,
			"Information Security Manager",
			from_date=MONTH_AGO,
			to_date=add_days(today(), 3),
			submit=True,
		)
		self.assertEqual(ism.status, "Expiring")
		frappe.db.set_value("Role Assignment", ism.name, "to_date", add_days(today(), -1))
		self.assertEqual(update_statuses(), {ism.name: "Ended"})
		self.assertNotIn("ISMS Manager", roles_of(self.user))
		self.assertEqual(
			frappe.db.get_value("Role Assignment", ism.name, "ended_on"), getdate(add_days(today(), -1))
		)


class TestEmployeeEvents(ISMSTestCase):
	def setUp(self):
		super().setUp()
		make_top_management()
		self.user = "employee3@isms.test"
		self.employee = employee_of(self.user)
		self.ism = make_assignment(self.employee, "Information Security Manager", submit=True)
		self.risk = make_assignment(self.employee, "Risk Owner", submit=True)
		self.assertIn("ISMS Manager", roles_of(self.user))

	def assertVacated(self):
		for name in (self.ism.name, self.risk.name):
			status, ended_on, vacated = frappe.db.get_value(
				"Role Assignment", name, ["status", "ended_on", "vacated"]
			)
			self.assertEqual((status, vacated), ("Vacated", 1))
			self.assertEqual(ended_on, getdate(today()))
			self.assertEqual(open_todos(name), ["manager@isms.test"])
		self.assertNotIn("ISMS Manager", roles_of(self.user))

	def test_left_by_save_vacates_the_same_day(self):
		employee = frappe.get_doc("Employee", self.employee)
		employee.status = "Left"
		employee.relieving_date = today()
		employee.save()
		self.assertVacated()

	def test_suspended_by_db_set_vacates(self):
		frappe.get_doc("Employee", self.employee).db_set("status", "Suspended")
		self.assertVacated()

	def test_daily_job_catches_what_no_event_reported(self):
		frappe.db.set_value("Employee", self.employee, "status", "Inactive")  # fires no event
		self.assertEqual(frappe.db.get_value("Role Assignment", self.ism.name, "status"), "Active")
		self.assertEqual(sorted(vacate_leavers()), sorted([self.ism.name, self.risk.name]))
		self.assertVacated()
		self.assertEqual(vacate_leavers(), [], "the daily job is idempotent")
		self.assertEqual(len(open_todos(self.ism.name)), 1)

	def test_future_relieving_date_waits(self):
		employee = frappe.get_doc("Employee", self.employee)
		employee.relieving_date = add_days(today(), 10)
		employee.save()
		self.assertEqual(frappe.db.get_value("Role Assignment", self.ism.name, "status"), "Active")

	def test_transfer_asks_for_a_review(self):
		employee = frappe.get_doc("Employee", self.employee)
		employee.department = frappe.db.get_value(
			"Department", {"department_name": "Finance", "company": TEST_COMPANY}
		)
		employee.save()
		self.assertEqual(open_todos(self.ism.name), ["manager@isms.test"])
		self.assertEqual(frappe.db.get_value("Role Assignment", self.ism.name, "status"), "Active")

	def test_only_managers_who_may_read_the_assignment_are_told(self):
		"""An ISMS Manager of another company (User Permission) is not given a ToDo on this
		company's assignment: assigning it would share the record with them."""
		from frappe.permissions import add_user_permission

		other = make_user("other.manager@isms.test", ["ISMS Manager"])
		add_user_permission("Company", OTHER_COMPANY, other)
		self.assertFalse(frappe.has_permission("Role Assignment", "read", doc=self.ism.name, user=other))
		employee = frappe.get_doc("Employee", self.employee)
		employee.department = frappe.db.get_value(
			"Department", {"department_name": "Finance", "company": TEST_COMPANY}
		)
		employee.save()
		self.assertEqual(open_todos(self.ism.name), ["manager@isms.test"])
		self.assertFalse(frappe.db.exists("DocShare", {"user": other, "share_name": self.ism.name}))


class TestHandOverAndAcceptance(ISMSTestCase):
	def setUp(self):
		super().setUp()
		make_top_management()
		self.ism = make_assignment(
			employee_of("employee3@isms.test"), "Information Security Manager", submit=True
		)

	def test_hand_over(self):
		successor = employee_of("employee2@isms.test")
		with as_user("hr@isms.test"):
			new_name = hand_over(self.ism.name, successor)
		new = frappe.get_doc("Role Assignment", new_name)
		self.assertEqual(
			(new.employee, new.isms_role, new.docstatus), (successor, "Information Security Manager", 0)
		)
		self.assertEqual(new.handed_over_from, self.ism.name)
		self.assertEqual(new.responsibilities, self.ism.responsibilities)
		old = frappe.get_doc("Role Assignment", self.ism.name)
		self.assertEqual(old.to_date, getdate(today()))
		self.assertIn(new_name, old.end_reason)

	def test_hand_over_needs_write_permission(self):
		with as_user("auditor@isms.test"), self.assertRaises(frappe.PermissionError):
			hand_over(self.ism.name, employee_of("employee2@isms.test"))
		self.assertFalse(frappe.db.get_value("Role Assignment", self.ism.name, "ended_on"))

	def test_only_the_appointee_accepts(self):
		for user in ("hr@isms.test", "director@isms.test", "employee1@isms.test"):
			with as_user(user), self.assertRaises(frappe.PermissionError):
				accept(self.ism.name)
		self.assertFalse(frappe.db.get_value("Role Assignment", self.ism.name, "accepted_on"))
		with as_user("employee3@isms.test"):
			accept(self.ism.name)
		self.assertEqual(
			frappe.db.get_value("Role Assignment", self.ism.name, "accepted_by"), "employee3@isms.test"
		)

	def test_approved_dates_change_only_through_the_app(self):
		doc = frappe.get_doc("Role Assignment", self.ism.name)
		doc.to_date = add_days(today(), 400)
		# top management may update approved records, but not these fields by hand
		with as_user("director@isms.test"), self.assertRaises(ApprovedRecordChangeError):
			doc.save()
		self.assertIsNone(frappe.db.get_value("Role Assignment", self.ism.name, "to_date"))


class TestRoleAssignmentPermissions(ISMSTestCase):
	def setUp(self):
		super().setUp()
		make_top_management()
		self.own = make_assignment(employee_of("employee1@isms.test"), "Risk Owner", submit=True)
		self.other = make_assignment(employee_of("employee2@isms.test"), "Risk Owner", submit=True)

	def test_employee_reads_only_their_own(self):
		with as_user("employee1@isms.test"):
			visible = frappe.get_list("Role Assignment", pluck="name")
			self.assertIn(self.own.name, visible)
			self.assertNotIn(self.other.name, visible)
			self.assertTrue(frappe.has_permission("Role Assignment", "read", doc=self.own.name))
			self.assertFalse(frappe.has_permission("Role Assignment", "read", doc=self.other.name))
			self.assertFalse(frappe.has_permission("Role Assignment", "create"))
			self.assertFalse(frappe.has_permission("Role Assignment", "write", doc=self.own.name))

	def test_roles(self):
		expectations = {
			"hr@isms.test": {"read": True, "create": True, "submit": False},
			"manager@isms.test": {"read": True, "create": True, "submit": False},
			"director@isms.test": {"read": True, "create": False, "submit": True},
			"auditor@isms.test": {"read": True, "create": False, "submit": False, "write": False},
			"nobody@isms.test": {"read": False, "create": False},
		}
		self.assertPermissions("Role Assignment", expectations)
		with as_user("auditor@isms.test"):
			self.assertEqual(
				set(frappe.get_list("Role Assignment", pluck="name")) & {self.own.name, self.other.name},
				{self.own.name, self.other.name},
			)

	def test_hr_and_directors_see_all_despite_their_employee_user_permissions(self):
		for user in ("hr@isms.test", "director@isms.test"):
			with as_user(user):
				names = frappe.get_list("Role Assignment", pluck="name")
			self.assertIn(self.own.name, names, user)
			self.assertIn(self.other.name, names, user)

	def test_employee_form_shows_assignments_among_connections(self):
		data = frappe.get_meta("Employee").get_dashboard_data()
		self.assertIn("Role Assignment", [item for group in data.transactions for item in group["items"]])
