"""Who holds an appointment on a day, what an ISMS role may grant, and how a refusal says why."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from isms_leadership.core.approval import ApprovalContext, check_approval
from isms_leadership.core.assignment import Holding, holding_lapse, may_end_early
from isms_leadership.core.roles import (
	DEFAULT_GRANTABLE_DESK_ROLES,
	desk_role_allowed,
	grant_changes,
	grantable_desk_roles,
	parse_role_list,
)

TODAY = date(2026, 12, 1)
DAY = timedelta(days=1)


def holding(**kw):
	base = {
		"docstatus": 1,
		"vacated": False,
		"from_date": date(2026, 1, 1),
		"to_date": None,
		"approved_user": "director@example.com",
		"employee_status": "Active",
		"relieving_date": None,
		"employee_user": "director@example.com",
	}
	return Holding(**{**base, **kw})


def test_a_serving_appointment_is_held():
	assert holding_lapse(holding(), TODAY) is None


@pytest.mark.parametrize(
	("relieving", "held"),
	[(TODAY + DAY, True), (TODAY, False), (TODAY - DAY, False)],
	ids=["relieved tomorrow", "relieved today", "relieved yesterday"],
)
def test_relieving_date_boundaries(relieving, held):
	lapse = holding_lapse(holding(relieving_date=relieving), TODAY)
	assert (lapse is None) is held
	if not held:
		assert lapse.reason == "the Employee is relieved as of {0}"
		assert lapse.args == (relieving,)


@pytest.mark.parametrize(
	("to_date", "held"),
	[(TODAY + DAY, True), (TODAY, True), (TODAY - DAY, False)],
	ids=["ends tomorrow", "ends today", "ended yesterday"],
)
def test_end_date_boundaries(to_date, held):
	lapse = holding_lapse(holding(to_date=to_date), TODAY)
	assert (lapse is None) is held
	if not held:
		assert lapse.args == (to_date,)


def test_starts_tomorrow_is_not_held_yet():
	assert holding_lapse(holding(from_date=TODAY + DAY), TODAY).reason == "the appointment starts on {0}"
	assert holding_lapse(holding(from_date=TODAY), TODAY) is None


@pytest.mark.parametrize("status", ["Left", "Inactive", "Suspended"])
def test_an_employee_who_is_not_active_holds_nothing(status):
	lapse = holding_lapse(holding(employee_status=status), TODAY)
	assert (lapse.reason, lapse.args) == ("the Employee is {0}", (status,))


def test_user_changes_both_ways():
	# the Employee now points at another user: the approved user holds nothing ...
	moved = holding_lapse(holding(employee_user="someone.else@example.com"), TODAY)
	assert moved.reason == "the appointment was approved for {0} and its Employee now points at {1}"
	assert moved.args == ("director@example.com", "someone.else@example.com")
	# ... nor does the new one (the same facts, seen from the new user's side)
	assert holding_lapse(holding(employee_user=None), TODAY) is not None
	# approved for an Employee without a user: nobody holds it through a login
	assert holding_lapse(holding(approved_user=None, employee_user="late@example.com"), TODAY) is not None
	# the user's letter case does not matter
	assert holding_lapse(holding(employee_user="Director@Example.com"), TODAY) is None


def test_cancelled_draft_and_vacated_hold_nothing():
	assert holding_lapse(holding(docstatus=2), TODAY).reason == "the appointment was cancelled"
	assert holding_lapse(holding(docstatus=0), TODAY).reason == "the appointment is not approved"
	assert holding_lapse(holding(vacated=True), TODAY).reason == "the appointment was vacated"


@given(
	offset=st.integers(-400, 400),
	relieved=st.one_of(st.none(), st.integers(-400, 400)),
	status=st.sampled_from(["Active", "Left", "Inactive", "Suspended"]),
	same_user=st.booleans(),
)
def test_held_only_when_every_condition_holds(offset, relieved, status, same_user):
	h = holding(
		to_date=TODAY + timedelta(days=offset),
		relieving_date=None if relieved is None else TODAY + timedelta(days=relieved),
		employee_status=status,
		employee_user="director@example.com" if same_user else "other@example.com",
	)
	expected = offset >= 0 and (relieved is None or relieved > 0) and status == "Active" and same_user
	assert (holding_lapse(h, TODAY) is None) is expected


def test_hand_over_dates_are_today_or_later():
	assert may_end_early(TODAY, TODAY)
	assert may_end_early(TODAY, TODAY + DAY)
	assert not may_end_early(TODAY, TODAY - DAY)


def test_refusal_names_the_lapse():
	decision = check_approval(
		ApprovalContext(
			approver="director@example.com",
			company="Acme",
			lapsed=["ISMS-RA-2026-00001: the appointment ended on 15-11-2026"],
			approver_roles=["ISMS Top Management"],
		)
	)
	assert not decision.allowed
	assert "ended on 15-11-2026" in decision.message()
	assert "holds no serving top-management ISMS role in Acme" in decision.message()


# what an ISMS role may grant ------------------------------------------------------------


@pytest.mark.parametrize(
	"role",
	["HR Manager", "HR User", "Accounts Manager", "Accounts User", "System Manager", "Administrator", "All"],
)
def test_hr_finance_and_system_roles_are_never_granted(role):
	assert not desk_role_allowed(role)
	# not even when listed as additional
	assert not desk_role_allowed(role, [role])


def test_app_roles_are_granted_and_a_listed_role_too():
	for role in DEFAULT_GRANTABLE_DESK_ROLES:
		assert desk_role_allowed(role)
	assert desk_role_allowed(None)
	assert not desk_role_allowed("Stock Manager")
	assert desk_role_allowed("Stock Manager", ["Stock Manager"])
	assert "Stock Manager" in grantable_desk_roles(parse_role_list("Stock Manager\n HR Manager ,"))
	assert "HR Manager" not in grantable_desk_roles(parse_role_list("Stock Manager\n HR Manager ,"))


def test_grant_changes():
	assert grant_changes(None, {"is_top_management": 1, "desk_role": None}) == ["is_top_management"]
	assert grant_changes(None, {"is_top_management": 0, "desk_role": ""}) == []
	before = {"is_top_management": 0, "desk_role": "ISMS Manager"}
	assert grant_changes(before, {"is_top_management": 1, "desk_role": "ISMS Manager"}) == [
		"is_top_management"
	]
	assert grant_changes(before, {"is_top_management": 0, "desk_role": "ISMS Auditor"}) == ["desk_role"]
	assert grant_changes(before, dict(before)) == []
