"""What is approved and how a record moves to approval: fingerprints, legal moves, the trail."""

from dataclasses import replace
from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from isms_leadership.core.integrity import (
	FLOWS,
	Step,
	canonical,
	content_of,
	fingerprint,
	mirror_values,
	state_refusal,
)

POLICY = FLOWS["Security Policy"]
ALLOCATION = FLOWS["Resource Allocation"]
STATES = {"Draft": 0, "In Review": 0, "Pending Approval": 0, "Published": 1, "Retired": 1}


def values(**kw):
	return {"title": "Access Control", "content": "<p>Need to know.</p>", "company": "Acme", **kw}


def test_every_approved_doctype_has_a_flow():
	assert set(FLOWS) == {
		"Role Assignment",
		"Security Policy",
		"Resource Allocation",
		"Management Review",
		"Security Objective",
		"Management Body Statement",
	}
	for flow in FLOWS.values():
		assert flow.content, "something is approved"
		assert "company" in flow.content, "the company is part of what is approved"


def test_fingerprint_is_sha256_and_changes_with_the_content():
	rows = {"audience": [{"audience_type": "Department", "audience": "IT"}]}
	base = fingerprint(POLICY, values(), rows)
	assert len(base) == 64 and int(base, 16) >= 0
	assert fingerprint(POLICY, values(), rows) == base
	assert fingerprint(POLICY, values(content="<p>Everything.</p>"), rows) != base
	assert fingerprint(POLICY, values(), {"audience": []}) != base
	# fields nobody approves do not count
	assert fingerprint(POLICY, values(return_reason="typo"), rows) == base


def test_content_added_later_keeps_the_fingerprints_recorded_before_it():
	"""A policy approved before framework measures and the risk tolerance statement existed
	keeps its fingerprint while they are empty; once set they are part of what is approved."""
	before = replace(
		POLICY,
		content=tuple(f for f in POLICY.content if f not in POLICY.later),
		tables={t: c for t, c in POLICY.tables.items() if t not in POLICY.later},
		later=(),
	)
	rows = {"audience": [{"audience_type": "Department", "audience": "Sales"}]}
	assert fingerprint(POLICY, values(), rows) == fingerprint(before, values(), rows)
	assert fingerprint(POLICY, values(states_risk_tolerance=0), {**rows, "framework_measures": []}) == (
		fingerprint(before, values(), rows)
	)
	measured = {**rows, "framework_measures": [{"requirement": "NIS2 Art. 21(2)(d)"}]}
	assert fingerprint(POLICY, values(), measured) != fingerprint(POLICY, values(), rows)
	assert fingerprint(POLICY, values(states_risk_tolerance=1), rows) != fingerprint(POLICY, values(), rows)


def test_fingerprint_is_the_same_for_a_request_and_the_database():
	"""The database returns dates, datetimes with microseconds, floats and booleans; the
	Frappe side casts a request's text to the field type before it gets here."""
	assert canonical(date(2026, 12, 1)) == "2026-12-01"
	assert canonical(datetime(2026, 12, 1, 10, 0, 0, 123)) == "2026-12-01 10:00:00"
	assert canonical(12.0) == 12 and canonical(True) == 1
	assert canonical("") is None and canonical(None) is None
	assert canonical(" a\r\nb ") == "a\nb"


def test_allocation_amounts_and_accounts_are_approved():
	lines = {"lines": [{"category": "Training", "account": "Training - A", "amount": 1000.0}], "people": []}
	forged = {
		"lines": [{"category": "Training", "account": "Training - A", "amount": -500000.0}],
		"people": [],
	}
	assert fingerprint(ALLOCATION, {"company": "Acme"}, lines) != fingerprint(
		ALLOCATION, {"company": "Acme"}, forged
	)


@given(
	st.dictionaries(
		st.sampled_from(POLICY.content), st.one_of(st.none(), st.text(max_size=20), st.integers())
	)
)
def test_fingerprint_ignores_field_order(fields):
	reordered = dict(reversed(list(fields.items())))
	assert fingerprint(POLICY, fields, {}) == fingerprint(POLICY, reordered, {})


# moves ---------------------------------------------------------------------------------------


def refusal(**kw):
	base = {
		"before_state": "Pending Approval",
		"state": "Published",
		"docstatus": 1,
		"state_docstatus": STATES,
		"allowed_next": {"Published", "Draft"},
		"initial_state": "Draft",
		"is_new": False,
	}
	return state_refusal(**{**base, **kw})


def test_a_legal_move_passes():
	assert refusal() is None
	assert refusal(state="Pending Approval", docstatus=0, allowed_next=()) is None, "no move, no check"


def test_a_draft_is_never_published_by_a_plain_save():
	r = refusal(before_state="Draft", state="Published", docstatus=0, allowed_next={"In Review"})
	assert r is not None and "document status" in r.reason


def test_a_submit_that_leaves_the_state_alone_is_refused():
	assert refusal(before_state="Pending Approval", state="Pending Approval", docstatus=1) is not None


def test_a_move_nobody_allowed_is_refused():
	r = refusal(allowed_next={"Draft"})
	assert r is not None and r.args == ("Pending Approval", "Published")


def test_unknown_state_and_new_records():
	assert refusal(state="Approved-ish", docstatus=0) is not None
	assert refusal(is_new=True, before_state=None, state=None, docstatus=0) is None
	assert refusal(is_new=True, before_state=None, state="Draft", docstatus=0) is None
	assert refusal(is_new=True, before_state=None, state="Published", docstatus=0) is not None


# the trail's mirrors --------------------------------------------------------------------------


def test_requester_and_finance_reviewer_come_from_the_trail():
	steps = [
		Step("ism", None, "Draft"),
		Step("ism", "Draft", "Finance Review"),
		Step("finance", "Finance Review", "Pending Approval"),
	]
	assert mirror_values(ALLOCATION, steps) == {"requested_by": "ism", "finance_reviewed_by": "finance"}


def test_a_return_to_draft_clears_what_was_sent():
	steps = [
		Step("ism", "Draft", "Finance Review"),
		Step("finance", "Finance Review", "Pending Approval"),
		Step("director", "Pending Approval", "Rejected"),
		Step("ism", "Rejected", "Draft"),
		Step("ism", "Draft", "Finance Review"),
	]
	assert mirror_values(ALLOCATION, steps) == {"requested_by": "ism", "finance_reviewed_by": None}


def test_a_change_in_place_is_not_a_request():
	review = FLOWS["Management Review"]
	steps = [
		Step("ism", "In Progress", "Awaiting Sign-off"),
		Step("director", "Awaiting Sign-off", "Awaiting Sign-off"),
	]
	assert mirror_values(review, steps) == {"prepared_by": "ism"}


def test_never_passed_finance_means_no_reviewer():
	assert mirror_values(ALLOCATION, [Step("ism", None, "Draft")]) == {
		"requested_by": None,
		"finance_reviewed_by": None,
	}


@pytest.mark.parametrize("doctype", sorted(FLOWS))
def test_mirrors_are_server_fields(doctype):
	flow = FLOWS[doctype]
	assert set(flow.mirrors) <= set(flow.server_fields)
