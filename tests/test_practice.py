from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from isms_leadership.core.practice import (
	HIGHER_IS_BETTER,
	LOWER_IS_BETTER,
	AwarenessState,
	LeaderAwareness,
	Measurement,
	ObjectiveLine,
	ObjectiveStatus,
	PlannedCommunication,
	awareness_expires,
	awareness_state,
	expected_value,
	leaders_lacking,
	measurement_due,
	next_due,
	objective_status,
	objectives_summary,
	overdue_plan_rows,
	plan_row_due,
	uncommunicated_policies,
)

TODAY = date(2026, 11, 22)
SINCE = date(2026, 1, 1)
DUE = date(2026, 12, 31)


def status(values, direction=HIGHER_IS_BETTER, target=100.0, today=TODAY, frequency="Monthly", **kw):
	return objective_status(
		target=target,
		direction=direction,
		measurements=[Measurement(day, value) for day, value in values],
		due_date=kw.pop("due_date", DUE),
		frequency=frequency,
		since=SINCE,
		today=today,
		**kw,
	)


# objectives ------------------------------------------------------------------------------


def test_an_objective_never_measured_is_not_measured():
	assert status([]) is ObjectiveStatus.NOT_MEASURED


def test_higher_is_better_achieved_when_the_latest_value_reaches_the_target():
	assert status([(date(2026, 1, 31), 20), (date(2026, 11, 1), 100)]) is ObjectiveStatus.ACHIEVED
	assert status([(date(2026, 1, 31), 20), (date(2026, 11, 1), 99.9)]) is not ObjectiveStatus.ACHIEVED


def test_lower_is_better_achieved_when_the_latest_value_is_at_or_below_the_target():
	rows = [(date(2026, 1, 31), 12.0), (date(2026, 11, 1), 5.0)]
	assert status(rows, LOWER_IS_BETTER, target=5.0) is ObjectiveStatus.ACHIEVED
	rows = [(date(2026, 1, 31), 12.0), (date(2026, 11, 1), 5.5)]
	assert status(rows, LOWER_IS_BETTER, target=5.0) is not ObjectiveStatus.ACHIEVED


def test_the_latest_value_counts_not_the_best():
	rows = [(date(2026, 1, 31), 100), (date(2026, 11, 1), 60)]
	assert status(rows) is not ObjectiveStatus.ACHIEVED


def test_higher_is_better_on_track_at_risk_off_track_against_the_expected_line():
	# baseline 0 on 31 Jan, target 100 on 31 Dec; on 1 Nov the line expects about 83
	first = (date(2026, 1, 31), 0.0)
	on = date(2026, 11, 1)
	expected = expected_value(Measurement(*first), 100.0, DUE, on)
	assert 82 < expected < 84
	assert status([first, (on, 90.0)]) is ObjectiveStatus.ON_TRACK
	assert status([first, (on, expected - 5)]) is ObjectiveStatus.AT_RISK
	assert status([first, (on, expected - 20)]) is ObjectiveStatus.OFF_TRACK


def test_lower_is_better_on_track_at_risk_off_track():
	# phishing click rate: 20% baseline down to 5% by the due date
	first = (date(2026, 1, 31), 20.0)
	on = date(2026, 11, 1)
	expected = expected_value(Measurement(*first), 5.0, DUE, on)
	assert 7 < expected < 8
	assert status([first, (on, 7.0)], LOWER_IS_BETTER, target=5.0) is ObjectiveStatus.ON_TRACK
	assert status([first, (on, expected + 1)], LOWER_IS_BETTER, target=5.0) is ObjectiveStatus.AT_RISK
	assert status([first, (on, 15.0)], LOWER_IS_BETTER, target=5.0) is ObjectiveStatus.OFF_TRACK


def test_the_tolerance_decides_between_at_risk_and_off_track():
	first = (date(2026, 1, 31), 0.0)
	on = date(2026, 11, 1)
	behind = (on, expected_value(Measurement(*first), 100.0, DUE, on) - 15)
	assert status([first, behind]) is ObjectiveStatus.OFF_TRACK
	assert status([first, behind], tolerance=20) is ObjectiveStatus.AT_RISK


def test_an_overdue_measurement_makes_the_status_unknown():
	# monthly: measured on 1 Oct, due again on 1 Nov, overdue on 22 Nov
	rows = [(date(2026, 1, 31), 0.0), (date(2026, 10, 1), 95.0)]
	assert status(rows) is ObjectiveStatus.NOT_MEASURED
	assert status(rows, frequency="Quarterly") is ObjectiveStatus.ON_TRACK
	assert status(rows, today=date(2026, 11, 1)) is ObjectiveStatus.ON_TRACK


def test_an_achieved_objective_stays_achieved_when_its_measurement_is_overdue():
	assert status([(date(2026, 3, 1), 100.0)]) is ObjectiveStatus.ACHIEVED


def test_past_the_due_date_without_the_target_is_off_track():
	rows = [(date(2026, 1, 31), 0.0), (date(2026, 11, 20), 99.0)]
	assert status(rows, due_date=date(2026, 11, 21)) is ObjectiveStatus.OFF_TRACK


def test_a_single_measurement_is_the_baseline_and_on_track():
	assert status([(date(2026, 11, 1), 10.0)]) is ObjectiveStatus.ON_TRACK


@given(
	st.floats(min_value=-1000, max_value=1000),
	st.floats(min_value=-1000, max_value=1000),
	st.sampled_from([HIGHER_IS_BETTER, LOWER_IS_BETTER]),
	st.integers(min_value=0, max_value=300),
)
def test_status_is_always_one_of_the_five(baseline, latest, direction, offset):
	first = date(2026, 1, 1) + timedelta(days=offset % 200)
	rows = [(first, baseline), (first + timedelta(days=offset % 50), latest)]
	assert isinstance(status(rows, direction, target=0.0), ObjectiveStatus)


def test_measurement_due_follows_the_latest_measurement_or_the_start():
	assert measurement_due([], SINCE, "Quarterly") == date(2026, 4, 1)
	rows = [Measurement(date(2026, 2, 10), 1), Measurement(date(2026, 5, 31), 2)]
	assert measurement_due(rows, SINCE, "Monthly") == date(2026, 6, 30)


def test_unknown_frequency_is_refused():
	with pytest.raises(ValueError):
		next_due(None, SINCE, "Fortnightly")


def test_objectives_summary_counts_by_status_and_lists_each_objective():
	text = objectives_summary(
		[
			ObjectiveLine("ISMS-OBJ-00001", "Phishing click rate", "At risk", 6.0, 5.0, "%"),
			ObjectiveLine("ISMS-OBJ-00002", "Patch within 14 days", "Achieved", 97.0, 95.0, "%"),
			ObjectiveLine("ISMS-OBJ-00003", "MFA coverage", "Not measured", None, 100.0, "%"),
		]
	)
	lines = text.splitlines()
	assert lines[0] == "Objectives: 3 approved; At risk 1, Achieved 1, Not measured 1."
	assert lines[1] == "ISMS-OBJ-00001 Phishing click rate: At risk (latest 6 %, target 5 %)."
	assert "not measured" in lines[3]
	assert objectives_summary([]) == "No approved information security objective."


# communication -----------------------------------------------------------------------------


def test_a_monthly_plan_row_without_a_record_for_40_days_is_overdue():
	planned = TODAY - timedelta(days=40)
	row = PlannedCommunication("row", "Monthly", planned, None)
	assert overdue_plan_rows([row], TODAY) == ["row"]
	done = PlannedCommunication("row", "Monthly", planned, TODAY - timedelta(days=2))
	assert overdue_plan_rows([done], TODAY) == []
	assert plan_row_due(done) == date(2026, 12, 20)


def test_a_plan_row_triggered_by_an_event_has_no_due_date():
	row = PlannedCommunication("event", None, date(2020, 1, 1), None)
	assert plan_row_due(row) is None
	assert overdue_plan_rows([row], TODAY) == []


def test_a_policy_published_without_a_communication_within_n_days_is_a_gap():
	published = [("POL-1", TODAY - timedelta(days=20)), ("POL-2", TODAY - timedelta(days=5))]
	assert uncommunicated_policies(published, [], 14, TODAY) == ["POL-1"]
	assert uncommunicated_policies(published, ["POL-1"], 14, TODAY) == []


# awareness ---------------------------------------------------------------------------------


def test_awareness_counts_for_twelve_months():
	assert awareness_state(None, TODAY, 30) is AwarenessState.NONE
	assert awareness_state(date(2026, 1, 10), TODAY, 30) is AwarenessState.CURRENT
	assert awareness_state(date(2025, 12, 10), TODAY, 30) is AwarenessState.LAPSING
	assert awareness_state(date(2025, 11, 22), TODAY, 30) is AwarenessState.LAPSED
	assert awareness_expires(date(2025, 12, 10)) == date(2026, 12, 10)


def test_leaders_without_awareness_or_acknowledgement_are_named():
	leaders = [
		LeaderAwareness("E1", "Dana", date(2026, 3, 1), True),
		LeaderAwareness("E2", "Frank", None, True),
		LeaderAwareness("E3", "Gina", date(2026, 3, 1), False),
		LeaderAwareness("E4", "Hugo", date(2025, 10, 1), True),
		LeaderAwareness("E5", "Ines", date(2026, 3, 1), None),  # no policy in force to acknowledge
	]
	assert leaders_lacking(leaders, TODAY) == ["Frank", "Gina", "Hugo"]
