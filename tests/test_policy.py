from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from isms_leadership.core.policy import (
	TOP_LEVEL,
	TOPIC,
	AckStatus,
	Audience,
	PolicyStatus,
	PreviousAcknowledgement,
	RegisterSummary,
	ReviewState,
	acknowledgement_due,
	acknowledgement_status,
	changed_fields,
	content_diff,
	current_versions,
	html_to_lines,
	missing_statements,
	next_review_due,
	plan_acknowledgements,
	policy_status,
	rate,
	register_summary,
	review_state,
	without_user_change,
)

TODAY = date(2026, 11, 22)


def test_policy_status():
	assert policy_status(0, None) is PolicyStatus.DRAFT
	assert policy_status(0, "Draft") is PolicyStatus.DRAFT
	assert policy_status(0, "In Review") is PolicyStatus.IN_REVIEW
	assert policy_status(0, "Pending Approval") is PolicyStatus.PENDING_APPROVAL
	assert policy_status(1, "Published") is PolicyStatus.PUBLISHED
	assert policy_status(1, "Superseded") is PolicyStatus.SUPERSEDED
	assert policy_status(1, "Retired") is PolicyStatus.RETIRED
	assert policy_status(2, "Published") is PolicyStatus.RETIRED


def test_next_review_due_month_ends():
	assert next_review_due(date(2026, 1, 31), None, 1) == date(2026, 2, 28)
	assert next_review_due(date(2024, 2, 29), None, 12) == date(2025, 2, 28)
	assert next_review_due(date(2026, 8, 31), None, 6) == date(2027, 2, 28)
	assert next_review_due(date(2027, 8, 31), None, 6) == date(2028, 2, 29)
	assert next_review_due(date(2026, 3, 31), None, 12) == date(2027, 3, 31)
	# the last review moves the due date; an earlier review date does not move it back
	assert next_review_due(date(2025, 1, 15), date(2026, 1, 10), 12) == date(2027, 1, 10)
	assert next_review_due(date(2026, 6, 1), date(2026, 1, 10), 12) == date(2027, 6, 1)
	assert next_review_due(None, None, 12) is None
	assert next_review_due(date(2026, 1, 1), None, 0) is None


def test_review_state():
	assert review_state(None, TODAY, 30) is ReviewState.OK
	assert review_state(TODAY - timedelta(days=1), TODAY, 30) is ReviewState.OVERDUE
	assert review_state(TODAY, TODAY, 30) is ReviewState.DUE_SOON
	assert review_state(TODAY + timedelta(days=30), TODAY, 30) is ReviewState.DUE_SOON
	assert review_state(TODAY + timedelta(days=31), TODAY, 30) is ReviewState.OK


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31)), st.integers(1, 120))
def test_next_review_is_interval_months_later_and_never_early(start, months):
	due = next_review_due(start, None, months)
	assert (due.year * 12 + due.month) - (start.year * 12 + start.month) == months
	assert due > start
	assert due.day == start.day or due.day < start.day  # clamped at month end only


def test_missing_statements_only_for_the_top_level_policy():
	assert missing_statements(TOPIC, {}) == []
	assert missing_statements(TOP_LEVEL, {"includes_objectives": 1}) == [
		"commits_to_requirements",
		"commits_to_improvement",
	]
	full = dict.fromkeys(("includes_objectives", "commits_to_requirements", "commits_to_improvement"), 1)
	assert missing_statements(TOP_LEVEL, full) == []


def test_acknowledgement():
	assert acknowledgement_status(None, TODAY, TODAY) is AckStatus.PENDING
	assert acknowledgement_status(None, TODAY - timedelta(days=1), TODAY) is AckStatus.OVERDUE
	assert (
		acknowledgement_status("2026-11-01 10:00", TODAY - timedelta(days=9), TODAY) is AckStatus.ACKNOWLEDGED
	)
	assert acknowledgement_due(TODAY, 14) == date(2026, 12, 6)
	assert rate(0, 0) is None
	assert rate(1, 3) == 33.3
	assert rate(3, 3) == 100.0


def test_audience():
	everyone = Audience()
	assert everyone.everyone and everyone.includes(None, None, [])
	it = Audience(departments=frozenset({"IT"}), isms_roles=frozenset({"Risk Owner"}))
	assert it.includes("IT", None, [])
	assert it.includes("Sales", "Clerk", ["Risk Owner"])
	assert not it.includes("Sales", "Clerk", ["Asset Owner"])
	assert Audience(designations=frozenset({"CFO"})).includes(None, "CFO", [])


def test_content_diff():
	old = "<p>Passwords have 8 characters.</p><p>Lock your screen.</p>"
	new = "<p>Passwords have 12 characters.</p><p>Lock your screen.</p><p>Use MFA &amp; a manager.</p>"
	assert html_to_lines(new)[-1] == "Use MFA & a manager."
	assert content_diff(old, new) == [
		("-", "Passwords have 8 characters."),
		("+", "Passwords have 12 characters."),
		("=", "Lock your screen."),
		("+", "Use MFA & a manager."),
	]
	assert content_diff(None, None) == []


def test_changed_fields():
	old = {"title": "A", "scope": None, "review_interval_months": 12}
	new = {"title": "B", "scope": "", "review_interval_months": 12}
	assert changed_fields(old, new, ["title", "scope", "review_interval_months"]) == [("title", "A", "B")]


def test_a_draft_without_its_publication_day_changes_nothing_of_it():
	fields = ["title", "effective_from"]
	old = {"title": "A", "effective_from": date(2026, 1, 1)}
	assert changed_fields(old, {"title": "A", "effective_from": None}, fields) == []
	assert changed_fields(old, {"title": "A", "effective_from": date(2026, 6, 1)}, fields) == [
		("effective_from", date(2026, 1, 1), date(2026, 6, 1))
	]


def test_a_material_change_asks_everybody_again():
	previous = {"E1": PreviousAcknowledgement("ACK-1", "2026-01-05 10:00:00", date(2026, 1, 14))}
	plan = plan_acknowledgements(
		[("E1", "e1@x"), ("E2", None)], [], previous, material_change=True, due=date(2026, 3, 1)
	)
	assert [(p.employee, p.status, p.due_date, p.carried_over_from) for p in plan] == [
		("E1", AckStatus.PENDING, date(2026, 3, 1), None),
		("E2", AckStatus.PENDING, date(2026, 3, 1), None),
	]


def test_a_minor_change_carries_acknowledgements_over():
	previous = {
		"E1": PreviousAcknowledgement("ACK-1", "2026-01-05 10:00:00", date(2026, 1, 14)),
		"E2": PreviousAcknowledgement("ACK-2", None, date(2026, 1, 14)),
	}
	plan = plan_acknowledgements(
		[("E1", "e1@x"), ("E2", "e2@x"), ("E3", "e3@x")],
		[],
		previous,
		material_change=False,
		due=date(2026, 3, 1),
	)
	by_employee = {p.employee: p for p in plan}
	assert by_employee["E1"].status is AckStatus.ACKNOWLEDGED
	assert by_employee["E1"].acknowledged_on == "2026-01-05 10:00:00"
	assert by_employee["E1"].carried_over_from == "ACK-1"
	# still open on the old version: open on the new one, with the date it was due anyway
	assert (by_employee["E2"].status, by_employee["E2"].due_date) == (AckStatus.PENDING, date(2026, 1, 14))
	# new in the audience: asked for the first time
	assert (by_employee["E3"].carried_over_from, by_employee["E3"].due_date) == (None, date(2026, 3, 1))


@given(
	members=st.lists(st.sampled_from(["E1", "E2", "E3", "E4"]), max_size=8),
	asked=st.sets(st.sampled_from(["E1", "E2", "E3", "E4"])),
	material=st.booleans(),
)
def test_a_campaign_asks_each_member_once_and_a_rerun_asks_nobody(members, asked, material):
	pairs = [(m, None) for m in members]
	plan = plan_acknowledgements(pairs, asked, {}, material, date(2026, 1, 1))
	planned = [p.employee for p in plan]
	assert len(planned) == len(set(planned))
	assert set(planned) == set(members) - asked
	assert plan_acknowledgements(pairs, asked | set(planned), {}, material, date(2026, 1, 1)) == []


def test_the_register_shows_the_version_in_force_else_the_newest():
	rows = [
		{"name": "P1", "policy_family": "P1", "version": 1, "status": "Superseded"},
		{"name": "P1-v2", "policy_family": "P1", "version": 2, "status": "Published"},
		{"name": "P1-v3", "policy_family": "P1", "version": 3, "status": "Draft"},
		{"name": "P2", "policy_family": None, "version": 1, "status": "Draft"},
		{"name": "P3", "policy_family": "P3", "version": 1, "status": "Retired"},
		{"name": "P3-v2", "policy_family": "P3", "version": 2, "status": "Pending Approval"},
	]
	assert [r["name"] for r in current_versions(rows)] == ["P1-v2", "P2", "P3-v2"]
	assert current_versions([]) == []


def test_register_summary():
	summary = register_summary(
		[
			{"status": "Published", "review_state": "Overdue", "acknowledgement_rate": 50.0},
			{"status": "Published", "review_state": "On Schedule", "acknowledgement_rate": 100.0},
			{"status": "Draft", "review_state": "On Schedule", "acknowledgement_rate": None},
		]
	)
	assert summary == RegisterSummary(3, 2, 1, 75.0)
	assert register_summary([]).average_acknowledgement_rate is None


def test_leavers_are_not_asked_and_do_not_count():
	from datetime import date

	from isms_leadership.core.policy import (
		AckStatus,
		acknowledgement_status,
		asked_and_acknowledged,
		still_employed,
	)

	day = date(2026, 12, 1)
	assert acknowledgement_status(None, day, day, employed=False) is AckStatus.NOT_REQUIRED
	assert acknowledgement_status(day, day, day, employed=False) is AckStatus.ACKNOWLEDGED, (
		"what was given stays"
	)
	assert asked_and_acknowledged({"Pending": 2, "Acknowledged": 5, "Overdue": 1, "Not Required": 4}) == (
		8,
		5,
	)
	assert still_employed("Active", None, day)
	assert still_employed("Active", date(2026, 12, 2), day)
	assert not still_employed("Active", day, day)
	assert not still_employed("Left", None, day)


def test_those_asked_without_a_user_move_only_when_leaving_or_entering_the_asked():
	assert without_user_change(None, "Pending") == 1  # asked by the campaign
	assert without_user_change(None, "Acknowledged") == 0  # carried over, already answered
	assert without_user_change("Pending", "Overdue") == 0  # still asked
	assert without_user_change("Overdue", "Not Required") == -1  # left
	assert without_user_change("Pending", "Acknowledged") == -1
	assert without_user_change("Acknowledged", "Not Required") == 0
