"""The director's decision queue is a door like any other: only serving top management
decides through it, on the content it saw. Nothing here takes a decision of the demo: every
attempt is refused, and the demo's decisions stay waiting for the browser tests."""

from __future__ import annotations

import pytest

from attack_tests.client import DEMO_COMPANY, demo

QUEUE = "isms_leadership.api.decisions"
WAITING = {"Role Assignment", "Security Policy", "Resource Allocation", "Security Objective"}


@pytest.fixture
def director(login):
	return login(demo("director"))


@pytest.fixture
def waiting(director):
	"""The demo's decisions as the director's queue shows them."""
	entries = director.ok(director.method(f"{QUEUE}.queue"))
	found = {e["doctype"]: e for e in entries if e["company"] == DEMO_COMPANY}
	assert WAITING <= set(found), f"load the demo first: the queue holds {sorted(found)}"
	return found


def state(admin, entry) -> tuple:
	doc = admin.get_doc(entry["doctype"], entry["name"])
	return doc["docstatus"], doc["workflow_state"]


@pytest.mark.parametrize("key", ["ism", "hr", "finance", "employee", "auditor"])
def test_who_does_not_serve_in_top_management_decides_nothing(login, admin, waiting, key):
	attacker = login(demo(key))
	assert attacker.ok(attacker.method(f"{QUEUE}.queue")) == [], f"{key} sees a queue"
	for entry in waiting.values():
		before = state(admin, entry)
		attacker.refused(
			attacker.method(
				f"{QUEUE}.decide",
				doctype=entry["doctype"],
				name=entry["name"],
				action=entry["approve"]["action"],
				fingerprint=entry["fingerprint"],
			)
		)
		assert state(admin, entry) == before


def test_a_stale_fingerprint_is_refused(director, admin, waiting):
	for entry in waiting.values():
		before = state(admin, entry)
		director.refused(
			director.method(
				f"{QUEUE}.decide",
				doctype=entry["doctype"],
				name=entry["name"],
				action=entry["approve"]["action"],
				fingerprint="0" * 64,
			),
			"StaleDecisionError",
		)
		assert state(admin, entry) == before


def test_only_the_decisions_of_the_queue_go_through_it(director, admin, waiting):
	entry = waiting["Security Policy"]
	# an action that is not a decision (e.g. retiring, or a workflow move of another step)
	for action in ("Retire", "Send for Review", "Cancel"):
		director.refused(
			director.method(
				f"{QUEUE}.decide",
				doctype=entry["doctype"],
				name=entry["name"],
				action=action,
				fingerprint=entry["fingerprint"],
			),
			"PermissionError",
		)
	# a doctype outside the queue
	director.refused(
		director.method(
			f"{QUEUE}.decide", doctype="User", name="Administrator", action="Approve", fingerprint="x"
		),
		"PermissionError",
	)
	assert state(admin, entry)[1] == "Pending Approval"


def test_sending_back_without_a_reason_is_refused(director, admin, waiting):
	for entry in waiting.values():
		before = state(admin, entry)
		director.refused(
			director.method(
				f"{QUEUE}.decide",
				doctype=entry["doctype"],
				name=entry["name"],
				action=entry["send_back"]["action"],
				fingerprint=entry["fingerprint"],
				reason="   ",
			),
			says="Say why",
		)
		assert state(admin, entry) == before
