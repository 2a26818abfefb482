"""What waits for the director today: an appointment, a policy and a budget, sent for
approval this week."""

from __future__ import annotations

from isms_leadership.demo.base import Demo, as_user, transition
from isms_leadership.demo.budget import SIEM, allocation_named, draft_allocation, take_through_finance
from isms_leadership.demo.policies import TOPIC_POLICIES, draft_policy, policy_named
from isms_leadership.demo.roles import PENDING_APPOINTMENT, appoint

# what waits for the director today -----------------------------------------------------------


def prepare_pending_work(demo: Demo, fiscal_year: str) -> None:
	"""Sent for approval this week and waiting for the director: an appointment, a policy and
	a budget."""
	appoint(demo, PENDING_APPOINTMENT)
	supplier = TOPIC_POLICIES[-1]
	if not policy_named(supplier.title):
		demo.clock.at(demo.ago(5), hour=10)
		name = draft_policy(demo, supplier).name
		demo.clock.at(demo.ago(4), hour=11)
		with as_user("ism"):
			transition("Security Policy", name, "Send for Review")
		demo.clock.at(demo.ago(2), hour=14)
		with as_user("ism"):
			transition("Security Policy", name, "Submit for Approval")
	if not allocation_named(SIEM, fiscal_year):
		demo.clock.at(demo.ago(6), hour=10)
		name = draft_allocation(demo, SIEM, fiscal_year).name
		take_through_finance(demo, name, demo.ago(5), demo.ago(1))
