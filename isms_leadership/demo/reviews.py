"""The management reviews (``data/reviews.json``): the half-year review, prepared by the ISMS
Manager, held and signed off by the director, whose decisions become ISMS Actions (one of them
version 2 of the Access Control Policy); and the next review, in preparation."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import frappe
from frappe.utils import add_days

from isms_leadership.demo.base import COMPANY, Demo, as_user, content, data, transition
from isms_leadership.demo.policies import (
	ACCESS_CONTROL_V2,
	ACCESS_CONTROL_V2_MEASURES,
	approve_policy,
	measures_known,
	policy_named,
)

# the management reviews -----------------------------------------------------------------------

_reviews = data("reviews.json")
FIRST_REVIEW = _reviews["first"]["title"]
NEXT_REVIEW = _reviews["next"]["title"]
#: the discussion of each 9.3.2 input of the first review, by its code
SUMMARIES = _reviews["first"]["summaries"]
#: who attended the first review ({"person": login, "attended": 1, ...}); the CFO sent apologies
FIRST_REVIEW_ATTENDEES = tuple(_reviews["first"]["attendees"])
FIRST_REVIEW_MINUTES = tuple(_reviews["first"]["minutes"])
#: invited to the next review, all expected to attend
NEXT_REVIEW_ATTENDEES = tuple(_reviews["next"]["attendees"])


@dataclass(frozen=True)
class Decision:
	decision_type: str
	description: str
	owner: str
	due_after_review: int = 0  # days after the review ...
	due_from_today: int | None = None  # ... or days from today (negative: in the past)
	policy: str | None = None

	def due(self, demo: Demo) -> date:
		if self.due_from_today is not None:
			return add_days(demo.today, self.due_from_today)
		return add_days(demo.first_review, self.due_after_review)


#: the fourth is left open past its due date: the overdue action of the demo
FIRST_REVIEW_DECISIONS = tuple(Decision(**row) for row in _reviews["first"]["decisions"])


def attendee(demo: Demo, row: dict) -> dict:
	"""An attendee row of a review from ``{"person": login, ...}``: the person's Employee."""
	return {"employee": demo.employee(row["person"]), **{k: v for k, v in row.items() if k != "person"}}


def hold_first_review(demo: Demo) -> None:
	"""Prepared by the ISMS Manager, held, signed off by the director; its decisions become
	ISMS Actions, one of them the draft of the Access Control Policy's version 2."""
	if frappe.db.exists("Management Review", {"company": COMPANY, "title": FIRST_REVIEW}):
		return
	held = demo.first_review
	demo.clock.at(add_days(held, -14), hour=10)
	doc = frappe.get_doc(
		{
			"doctype": "Management Review",
			"title": FIRST_REVIEW,
			"company": COMPANY,
			"review_date": held,
			"chair": demo.employee("director"),
			"attendees": [attendee(demo, row) for row in FIRST_REVIEW_ATTENDEES],
		}
	)
	with as_user("ism"):
		doc.insert()
	demo.clock.at(held, hour=10)
	with as_user("ism"):
		doc = transition("Management Review", doc.name, "Start")
		for row in doc.inputs:
			row.discussion_summary = SUMMARIES.get(row.input_code) or "Discussed; nothing to add."
		doc.minutes = content(FIRST_REVIEW_MINUTES)
		for decision in FIRST_REVIEW_DECISIONS:
			doc.append(
				"decisions",
				{
					"decision_type": decision.decision_type,
					"description": decision.description,
					"owner_employee": demo.employee(decision.owner),
					"due_date": decision.due(demo),
					"security_policy": policy_named(decision.policy) if decision.policy else None,
				},
			)
		doc.save()
	demo.clock.at(held, hour=17)
	with as_user("ism"):
		transition("Management Review", doc.name, "Request Sign-off")
	demo.clock.at(add_days(held, 1), hour=9)
	with as_user("director"):
		transition("Management Review", doc.name, "Sign Off")
	demo.made_now.add("first-review")
	publish_access_control_v2(demo)


def publish_access_control_v2(demo: Demo) -> None:
	"""The ISMS Manager writes version 2 that the review's sign-off opened; the CFO publishes
	it (the director opened the draft and may not approve it) and version 1 is superseded."""
	draft = policy_named("Access Control Policy", 2)
	if not draft:
		return
	held = demo.first_review
	demo.clock.at(add_days(held, 10), hour=10)
	with as_user("ism"):
		doc = frappe.get_doc("Security Policy", draft)
		doc.content = content(ACCESS_CONTROL_V2)
		doc.set(
			"framework_measures",
			[{"requirement": name} for name in measures_known(ACCESS_CONTROL_V2_MEASURES)],
		)
		doc.change_summary = "Multi-factor authentication for remote and administrator access."
		doc.material_change = 1
		doc.save()
		transition("Security Policy", draft, "Send for Review")
	demo.clock.at(add_days(held, 20), hour=14)
	with as_user("ism"):
		transition("Security Policy", draft, "Submit for Approval")
	approve_policy(demo, draft, "cfo", add_days(held, 25))


def prepare_next_review(demo: Demo) -> None:
	"""The next review, planned by the ISMS Manager and started: in preparation."""
	if frappe.db.exists("Management Review", {"company": COMPANY, "title": NEXT_REVIEW}):
		return
	doc = frappe.get_doc(
		{
			"doctype": "Management Review",
			"title": NEXT_REVIEW,
			"company": COMPANY,
			"review_date": add_days(demo.today, 21),
			"chair": demo.employee("director"),
			"attendees": [{"employee": demo.employee(key), "attended": 1} for key in NEXT_REVIEW_ATTENDEES],
		}
	)
	demo.clock.at(demo.ago(3), hour=10)
	with as_user("ism"):
		doc.insert()
	demo.clock.at(demo.ago(1), hour=10)
	with as_user("ism"):
		doc = transition("Management Review", doc.name, "Start")
		for row in doc.inputs:
			if row.input_code == "a":
				row.discussion_summary = "Three of five actions from the half-year review are closed."
		doc.save()
