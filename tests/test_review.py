from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from isms_leadership.core.review import (
	INPUT_CODES,
	ActionStatus,
	Attendee,
	ReviewStatus,
	action_status,
	default_period_start,
	is_overdue,
	next_review_due,
	on_time_rate,
	review_status,
	sign_off_problems,
)

TODAY = date(2026, 11, 22)


def test_inputs_follow_clause_9_3_2():
	assert INPUT_CODES == ("a", "b", "c", "d1", "d2", "d3", "d4", "e", "f", "g")


def test_review_status():
	assert review_status(0, None) is ReviewStatus.PLANNED
	assert review_status(0, "Planned") is ReviewStatus.PLANNED
	assert review_status(0, "In Progress") is ReviewStatus.IN_PROGRESS
	assert review_status(0, "Awaiting Sign-off") is ReviewStatus.AWAITING_SIGN_OFF
	assert review_status(1, "Completed") is ReviewStatus.COMPLETED
	assert review_status(2, "Completed") is ReviewStatus.CANCELLED
	assert review_status(0, "Cancelled") is ReviewStatus.CANCELLED  # called off before it was held


def test_period_and_next_review():
	assert default_period_start(date(2025, 11, 20)) == date(2025, 11, 21)
	assert default_period_start(None) is None
	assert next_review_due(date(2025, 11, 20), 12) == date(2026, 11, 20)
	assert next_review_due(date(2024, 2, 29), 12) == date(2025, 2, 28)
	assert next_review_due(date(2026, 8, 31), 6) == date(2027, 2, 28)
	assert next_review_due(None, 12) is None
	assert next_review_due(date(2026, 1, 1), 0) is None


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1)), st.integers(1, 36))
def test_next_review_is_never_early_nor_a_month_late(last, months):
	due = next_review_due(last, months)
	assert due > last
	assert (due - last).days <= months * 31
	assert (due.year * 12 + due.month) - (last.year * 12 + last.month) == months


DIRECTOR = Attendee("director@x", top_management=True, attended=True)
ABSENT_DIRECTOR = Attendee("director2@x", top_management=True, attended=False)
MANAGER = Attendee("manager@x", top_management=False, attended=True)


def codes(**kwargs):
	defaults = {
		"approver": "director@x",
		"attendees": [DIRECTOR, MANAGER],
		"inputs_without_summary": [],
		"carried_without_note": [],
	}
	return [p.code for p in sign_off_problems(**{**defaults, **kwargs})]


def test_sign_off_refusals():
	assert codes() == []
	assert codes(attendees=[ABSENT_DIRECTOR, MANAGER]) == ["no_top_management", "approver_not_attendee"]
	assert codes(approver="director2@x", attendees=[DIRECTOR, ABSENT_DIRECTOR]) == ["approver_not_attendee"]
	assert codes(approver="manager@x") == ["approver_not_attendee"]
	assert codes(inputs_without_summary=["b", "d3"]) == ["input_without_summary"]
	assert codes(carried_without_note=["ACT-1"]) == ["carried_without_note"]
	[problem] = sign_off_problems(
		approver="director@x",
		attendees=[DIRECTOR],
		inputs_without_summary=["b", "d3"],
		carried_without_note=[],
	)
	assert problem.text() == "These inputs have no discussion summary: b, d3."


def test_action_status_and_overdue():
	assert action_status(completed_on=None, cancelled=False, progress_noted=False) is ActionStatus.OPEN
	assert action_status(completed_on=None, cancelled=False, progress_noted=True) is ActionStatus.IN_PROGRESS
	assert action_status(completed_on=TODAY, cancelled=False, progress_noted=True) is ActionStatus.COMPLETED
	assert action_status(completed_on=TODAY, cancelled=True, progress_noted=True) is ActionStatus.CANCELLED
	yesterday = TODAY - timedelta(days=1)
	assert is_overdue(ActionStatus.OPEN, yesterday, TODAY)
	assert is_overdue(ActionStatus.IN_PROGRESS, yesterday, TODAY)
	assert not is_overdue(ActionStatus.OPEN, TODAY, TODAY)
	assert not is_overdue(ActionStatus.COMPLETED, yesterday, TODAY)
	assert not is_overdue(ActionStatus.OPEN, None, TODAY)


def test_on_time_rate():
	d = date(2026, 6, 30)
	assert on_time_rate([(d, date(2026, 6, 30)), (d, date(2026, 7, 1)), (d, None), (None, d)]) == 66.7
	assert on_time_rate([(d, None)]) is None


def test_system_summaries_state_the_facts():
	from isms_leadership.core.review import LeadershipFigures, system_summaries

	summaries = system_summaries(
		LeadershipFigures(
			open_actions=4,
			overdue_actions=1,
			published_policies=6,
			policies_overdue_for_review=2,
			acknowledgement_rate=87.5,
			mandatory_roles_filled=5,
			mandatory_roles=6,
			role_vacancies=1,
			assignments_not_accepted=3,
			fiscal_year="2026",
			budget_allocated=10000,
			budget_spent=2500,
			budget_utilisation=25.0,
		),
		currency_format=lambda v: f"${v:,.0f}",
	)
	assert set(summaries) == {"a", "d2", "d4"}
	assert summaries["d4"] == "No approved information security objective."
	assert summaries["a"] == "Open actions: 4, of which overdue: 1."
	assert summaries["d2"].splitlines() == [
		"Policies: 6 published, 2 overdue for review; average acknowledgement rate 87.5%.",
		"ISMS roles: 5 of 6 mandatory roles filled; 1 vacancies; 3 assignments not accepted.",
		"Security budget 2026: allocated $10,000, spent $2,500 (25.0%).",
	]
	assert "n/a" in system_summaries(LeadershipFigures())["d2"]


def test_input_d4_states_each_objective_and_its_status():
	from isms_leadership.core.practice import ObjectiveLine
	from isms_leadership.core.review import LeadershipFigures, system_summaries

	figures = LeadershipFigures(
		objectives=(ObjectiveLine("OBJ-1", "MFA coverage", "On track", 80.0, 100.0, "%"),)
	)
	assert system_summaries(figures)["d4"].splitlines() == [
		"Objectives: 1 approved; On track 1.",
		"OBJ-1 MFA coverage: On track (latest 80 %, target 100 %).",
	]
