"""Only a serving director approves: top-management power cannot be borrowed, edited into
being or outlived. Each test is one attack through the REST API, as the person who would
try it, on records the test makes for itself; each is refused and changes nothing."""

from __future__ import annotations

import pytest

from attack_tests.client import PASSWORD, Client, appoint, demo, make_person, today

TOP = "Top Management"
ISM_ROLE = "Information Security Manager"
TM_DESK = "ISMS Top Management"


@pytest.fixture
def director(admin, login):
	"""The demo's director, who holds Top Management."""
	return login(demo("director"))


@pytest.fixture
def new_director(admin, director, unique):
	"""A second director of the demo company, appointed to Top Management by the demo's
	director; (user, employee, assignment). Cancelled again by the director afterwards."""
	user, employee = make_person(admin, f"board-{unique}")
	assignment = appoint(admin, director, employee, TOP)
	assert assignment["docstatus"] == 1 and assignment["status"] == "Active"
	assert TM_DESK in admin.roles(user)
	yield user, employee, assignment["name"]
	current = admin.get_doc("Role Assignment", assignment["name"])
	if current["docstatus"] == 1 and current["status"] not in ("Ended", "Vacated"):
		director.ok(director.workflow("Role Assignment", assignment["name"], "Cancel"))


@pytest.fixture
def pending(admin, unique):
	"""An appointment of a new employee to Risk Owner, waiting for approval."""
	_user, employee = make_person(admin, f"appointee-{unique}")
	return appoint(admin, None, employee, "Risk Owner")


def snapshot(admin: Client, doctype: str, name: str) -> tuple:
	doc = admin.get_doc(doctype, name)
	return doc["modified"], doc["docstatus"], doc.get("workflow_state"), doc.get("status")


# 1. the role master confers nothing live ---------------------------------------------------


def test_isms_manager_cannot_make_a_role_top_management(admin, login, pending):
	ism = login(demo("ism"))
	before = {name: snapshot(admin, "ISMS Role", name) for name in (ISM_ROLE, TOP)}
	ism.refused(
		ism.put("ISMS Role", ISM_ROLE, {"is_top_management": 1}),
		"GrantChangeError",
		"Only a System Manager",
	)
	# clearing the flag on Top Management would strip every director at once
	ism.refused(ism.put("ISMS Role", TOP, {"is_top_management": 0}), "GrantChangeError")
	ism.refused(ism.put("ISMS Role", ISM_ROLE, {"desk_role": TM_DESK}), "GrantChangeError")
	assert {name: snapshot(admin, "ISMS Role", name) for name in (ISM_ROLE, TOP)} == before
	assert admin.get_doc("ISMS Role", ISM_ROLE)["is_top_management"] == 0

	# with the top-management desk role (as the README's own scenario gives them) and their
	# ISMS Manager appointment, they still approve nothing
	had = TM_DESK in admin.roles(demo("ism"))
	if not had:
		admin.ok(
			admin.put(
				"User", demo("ism"), {"roles": [{"role": r} for r in admin.roles(demo("ism")) | {TM_DESK}]}
			)
		)
	try:
		ism = login(demo("ism"))
		ism.refused(
			ism.workflow("Role Assignment", pending["name"], "Approve"),
			"ApprovalRefusedError",
			"desk role alone",
		)
		assert snapshot(admin, "Role Assignment", pending["name"])[:3] == (
			pending["modified"],
			0,
			"Pending Approval",
		)
	finally:
		if not had:
			admin.ok(
				admin.put(
					"User",
					demo("ism"),
					{"roles": [{"role": r} for r in admin.roles(demo("ism")) - {TM_DESK}]},
				)
			)


def test_a_system_manager_changing_a_role_does_not_change_existing_appointments(admin, new_director):
	"""What an appointment grants is what was approved: a System Manager's edit of the ISMS
	role reaches new appointments only."""
	user, _employee, assignment = new_director
	admin.ok(admin.put("ISMS Role", TOP, {"desk_role": ""}))
	try:
		held = admin.get_doc("Role Assignment", assignment)
		assert (held["is_top_management"], held["desk_role"]) == (1, TM_DESK)
		assert TM_DESK in admin.roles(user)
	finally:
		admin.ok(admin.put("ISMS Role", TOP, {"desk_role": TM_DESK}))


# 2. the holder is the user approved, not whoever the Employee points at today -----------------


def test_repointed_employee_gives_the_new_user_nothing(admin, login, new_director, pending, unique):
	user, employee, assignment = new_director
	intruder, intruder_employee = make_person(admin, f"intruder-{unique}")
	# ERPNext lets one Employee point at a user: free the intruder's own record first
	admin.ok(admin.put("Employee", intruder_employee, {"user_id": None}))
	hr = login(demo("hr"))
	hr.ok(hr.put("Employee", employee, {"user_id": intruder}))

	# the old user's holding ended the same moment, desk role and all
	ended = admin.get_doc("Role Assignment", assignment)
	assert ended["status"] == "Vacated" and ended["user"] == user
	assert TM_DESK not in admin.roles(user)

	# Accept and Hand Over give the new user nothing
	attacker = login(intruder, PASSWORD)
	module = "isms_leadership.isms_leadership.doctype.role_assignment.api"
	attacker.refused(attacker.method(f"{module}.accept", assignment=assignment), says="approved for")
	attacker.refused(
		attacker.method(f"{module}.hand_over", assignment=assignment, to_employee=intruder_employee)
	)
	assert TM_DESK not in admin.roles(intruder)

	# and with the desk role given by hand, the approval rule still finds no serving director
	admin.ok(admin.put("User", intruder, {"roles": [{"role": r} for r in admin.roles(intruder) | {TM_DESK}]}))
	attacker = login(intruder, PASSWORD)
	attacker.refused(
		attacker.workflow("Role Assignment", pending["name"], "Approve"),
		"ApprovalRefusedError",
		"holds no serving top-management ISMS role",
	)
	assert snapshot(admin, "Role Assignment", pending["name"])[:3] == (
		pending["modified"],
		0,
		"Pending Approval",
	)


def test_repointed_without_any_event_still_grants_nothing(admin, login, site, new_director, pending, unique):
	"""The Employee changed behind the app's back (a script, the database): the rule reads the
	facts, not the nightly sweep."""
	user, employee, assignment = new_director
	intruder, intruder_employee = make_person(admin, f"sneak-{unique}", roles=[TM_DESK])
	site.execute("frappe.db.set_value", "Employee", intruder_employee, "user_id", None)
	site.execute("frappe.db.set_value", "Employee", employee, "user_id", intruder)
	try:
		attacker = login(intruder, PASSWORD)
		attacker.refused(
			attacker.workflow("Role Assignment", pending["name"], "Approve"), "ApprovalRefusedError"
		)
		attacker.refused(
			attacker.method(
				"isms_leadership.isms_leadership.doctype.role_assignment.api.accept",
				assignment=assignment,
			)
		)
		# the approved user holds nothing either while the Employee points elsewhere
		old = login(user, PASSWORD)
		old.refused(
			old.workflow("Role Assignment", pending["name"], "Approve"),
			"ApprovalRefusedError",
			f"approved for {user}",
		)
		assert snapshot(admin, "Role Assignment", pending["name"])[1:3] == (0, "Pending Approval")
	finally:
		site.execute("frappe.db.set_value", "Employee", employee, "user_id", user)


# 3. leavers approve nothing, whatever the nightly job has done ------------------------------


@pytest.mark.parametrize(
	("field", "value", "says"),
	[("status", "Left", "the Employee is Left"), ("relieving_date", "today", "relieved as of")],
	ids=["set to Left without events", "relieving date today, still Active"],
)
def test_a_leaver_approves_nothing(admin, login, site, new_director, pending, field, value, says):
	user, employee, _assignment = new_director
	if value == "today":
		value = today()
	else:
		# ERPNext keeps a relieving date with Left; the status is what the rule must see
		site.execute("frappe.db.set_value", "Employee", employee, "relieving_date", today(1))
	site.execute("frappe.db.set_value", "Employee", employee, field, value)
	leaver = login(user, PASSWORD)
	leaver.refused(
		leaver.workflow("Role Assignment", pending["name"], "Approve"), "ApprovalRefusedError", says
	)
	assert snapshot(admin, "Role Assignment", pending["name"])[:3] == (
		pending["modified"],
		0,
		"Pending Approval",
	)


# 4. hand-over cannot end anyone's appointment, nor any day in the past ----------------------


def test_hr_cannot_hand_over_a_directors_appointment(admin, login, new_director, unique):
	user, _employee, assignment = new_director
	_successor_user, successor = make_person(admin, f"successor-{unique}")
	before = snapshot(admin, "Role Assignment", assignment)
	hr = login(demo("hr"))
	hand_over = "isms_leadership.isms_leadership.doctype.role_assignment.api.hand_over"
	hr.refused(
		hr.method(hand_over, assignment=assignment, to_employee=successor, handover_date=today(-120)),
		"InvalidPeriodError",
		"the past stays as it was",
	)
	hr.refused(
		hr.method(hand_over, assignment=assignment, to_employee=successor, handover_date=today()),
		"ApprovalRefusedError",
	)
	assert snapshot(admin, "Role Assignment", assignment) == before
	assert TM_DESK in admin.roles(user)
	assert not admin.get_list("Role Assignment", {"handed_over_from": assignment})


# 5. cancelling an appointment obeys the approval rule --------------------------------------


def test_a_desk_role_alone_cannot_cancel_an_appointment(admin, login, new_director, unique):
	user, _employee, assignment = new_director
	outsider, _ = make_person(admin, f"outsider-{unique}", roles=[TM_DESK])
	before = snapshot(admin, "Role Assignment", assignment)
	attacker = login(outsider, PASSWORD)
	attacker.refused(attacker.put("Role Assignment", assignment, {"docstatus": 2}), "ApprovalRefusedError")
	# forging the company (or the holder) in the cancel request changes nothing
	attacker.refused(
		attacker.put("Role Assignment", assignment, {"docstatus": 2, "company": "Nowhere", "user": outsider}),
	)
	attacker.refused(attacker.workflow("Role Assignment", assignment, "Cancel"))
	assert snapshot(admin, "Role Assignment", assignment) == before
	assert TM_DESK in admin.roles(user)


def test_the_holder_may_resign_and_a_director_may_cancel(admin, login, director, unique):
	user, employee = make_person(admin, f"resigning-{unique}")
	own = appoint(admin, director, employee, TOP)
	holder = login(user, PASSWORD)
	holder.ok(holder.put("Role Assignment", own["name"], {"docstatus": 2}))
	assert admin.get_doc("Role Assignment", own["name"])["docstatus"] == 2
	assert TM_DESK not in admin.roles(user)

	_user2, employee2 = make_person(admin, f"risk-{unique}")
	other = appoint(admin, director, employee2, "Risk Owner")
	director.ok(director.workflow("Role Assignment", other["name"], "Cancel"))
	assert admin.get_doc("Role Assignment", other["name"])["docstatus"] == 2


# 6. an appointment is no back door to HR or finance rights ----------------------------------


@pytest.mark.parametrize("desk_role", ["HR Manager", "Accounts Manager", "System Manager"])
def test_isms_roles_cannot_grant_hr_finance_or_system_roles(admin, login, unique, desk_role):
	ism = login(demo("ism"))
	name = f"Back Door {unique}"
	ism.refused(ism.post("ISMS Role", {"role_name": name, "desk_role": desk_role}), "PrivilegedDeskRoleError")
	ism.refused(ism.put("ISMS Role", "Risk Owner", {"desk_role": desk_role}), "PrivilegedDeskRoleError")
	# not even a System Manager
	admin.refused(
		admin.post("ISMS Role", {"role_name": name, "desk_role": desk_role}), "PrivilegedDeskRoleError"
	)
	assert not admin.get_list("ISMS Role", {"name": name})
	assert not admin.get_doc("ISMS Role", "Risk Owner").get("desk_role")


def test_only_a_system_manager_extends_the_allow_list(admin, login):
	ism = login(demo("ism"))
	before = admin.get_doc("ISMS Settings", "ISMS Settings").get("additional_desk_roles")
	# a field above the ISMS Manager's level: Frappe keeps the stored value
	ism.ok(ism.put("ISMS Settings", "ISMS Settings", {"additional_desk_roles": "Stock Manager"}))
	assert admin.get_doc("ISMS Settings", "ISMS Settings").get("additional_desk_roles") == before
	admin.refused(
		admin.put("ISMS Settings", "ISMS Settings", {"additional_desk_roles": "HR Manager"}),
		"PrivilegedDeskRoleError",
	)


def test_bulk_workflow_actions_obey_the_rule(admin, login, pending, unique):
	"""The list view's bulk Approve runs each record through the same rule."""
	outsider, _ = make_person(admin, f"bulk-{unique}", roles=[TM_DESK])
	attacker = login(outsider, PASSWORD)
	attacker.method(
		"frappe.model.workflow.bulk_workflow_approval",
		docnames=[pending["name"]],
		doctype="Role Assignment",
		action="Approve",
	)
	assert snapshot(admin, "Role Assignment", pending["name"])[:3] == (
		pending["modified"],
		0,
		"Pending Approval",
	)
