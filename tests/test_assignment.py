from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from isms_leadership.core.assignment import (
	CompetenceGap,
	Status,
	assignment_status,
	competence_gap,
	is_held,
	overlapping,
	roles_to_revoke,
	vacate_date,
)
from isms_leadership.core.dates import add_months, periods_overlap

TODAY = date(2026, 11, 22)


def status(**kw):
	base = {
		"docstatus": 1,
		"workflow_state": "Approved",
		"from_date": date(2026, 1, 1),
		"to_date": None,
		"vacated": False,
		"today": TODAY,
		"lead_days": 30,
	}
	base.update(kw)
	return assignment_status(**base)


def test_draft_and_pending():
	assert status(docstatus=0, workflow_state="Draft") is Status.DRAFT
	assert status(docstatus=0, workflow_state=None) is Status.DRAFT
	assert status(docstatus=0, workflow_state="Rejected") is Status.DRAFT
	assert status(docstatus=0, workflow_state="Pending Approval") is Status.PENDING_APPROVAL


def test_submitted_statuses():
	assert status() is Status.ACTIVE
	assert status(from_date=TODAY) is Status.ACTIVE
	assert status(from_date=TODAY + timedelta(days=1)) is Status.SCHEDULED
	assert status(to_date=TODAY + timedelta(days=30)) is Status.EXPIRING
	assert status(to_date=TODAY + timedelta(days=31)) is Status.ACTIVE
	assert status(to_date=TODAY) is Status.EXPIRING
	assert status(to_date=TODAY - timedelta(days=1)) is Status.ENDED
	assert status(vacated=True, to_date=TODAY) is Status.VACATED
	assert status(docstatus=2) is Status.ENDED


def test_held():
	assert is_held("Active") and is_held(Status.EXPIRING)
	assert not any(is_held(s) for s in ("Draft", "Pending Approval", "Scheduled", "Ended", "Vacated"))


def test_vacate_date():
	assert vacate_date("Active", None, TODAY) is None
	assert vacate_date("Active", TODAY + timedelta(days=3), TODAY) is None
	assert vacate_date("Active", TODAY, TODAY) == TODAY
	assert vacate_date("Left", date(2026, 11, 1), TODAY) == date(2026, 11, 1)
	assert vacate_date("Left", TODAY + timedelta(days=3), TODAY) == TODAY
	for leaving in ("Left", "Inactive", "Suspended"):
		assert vacate_date(leaving, None, TODAY) == TODAY


def test_overlapping():
	others = [
		("A", date(2025, 1, 1), date(2025, 12, 31)),
		("B", date(2026, 6, 1), None),
		("C", date(2027, 1, 1), date(2027, 2, 1)),
	]
	assert overlapping(date(2026, 1, 1), date(2026, 12, 31), others) == ["B"]
	assert overlapping(date(2025, 12, 31), None, others) == ["A", "B", "C"]
	assert overlapping(date(2026, 1, 1), date(2026, 5, 31), others) == []


def test_competence_gap():
	assert competence_gap(False, [], TODAY) is None
	assert competence_gap(True, [], TODAY) is CompetenceGap.MISSING
	assert competence_gap(True, [TODAY - timedelta(days=1)], TODAY) is CompetenceGap.EXPIRED
	assert competence_gap(True, [TODAY - timedelta(days=1), TODAY], TODAY) is None
	assert competence_gap(True, [None], TODAY) is None


def test_roles_to_revoke():
	assert roles_to_revoke(["ISMS Manager"], []) == {"ISMS Manager"}
	assert roles_to_revoke(["ISMS Manager"], ["ISMS Manager", None]) == set()
	assert roles_to_revoke([None], []) == set()


def test_add_months_month_ends():
	assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
	assert add_months(date(2028, 1, 31), 1) == date(2028, 2, 29)
	assert add_months(date(2026, 8, 31), 1) == date(2026, 9, 30)
	assert add_months(date(2026, 12, 15), 1) == date(2027, 1, 15)
	assert add_months(date(2026, 2, 28), 12) == date(2027, 2, 28)
	assert add_months(date(2028, 2, 29), 12) == date(2029, 2, 28)
	assert add_months(date(2026, 3, 31), -1) == date(2026, 2, 28)


dates = st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31))


@given(dates, st.integers(min_value=-1200, max_value=1200))
def test_add_months_properties(day, months):
	moved = add_months(day, months)
	assert (moved.year * 12 + moved.month) - (day.year * 12 + day.month) == months
	assert moved.day <= day.day
	if moved.day < day.day:  # clamped: it is the last day of its month
		assert (moved + timedelta(days=1)).day == 1


@given(dates, st.one_of(st.none(), dates), dates, st.one_of(st.none(), dates))
def test_overlap_is_symmetric_and_matches_day_sets(a_from, a_to, b_from, b_to):
	if a_to is not None and a_to < a_from:
		a_from, a_to = a_to, a_from
	if b_to is not None and b_to < b_from:
		b_from, b_to = b_to, b_from
	result = periods_overlap(a_from, a_to, b_from, b_to)
	assert result == periods_overlap(b_from, b_to, a_from, a_to)
	far = date(2101, 1, 1)
	latest_start = max(a_from, b_from)
	earliest_end = min(a_to or far, b_to or far)
	assert result == (latest_start <= earliest_end)
