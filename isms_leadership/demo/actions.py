"""The actions of the first management review: their owners report progress or completion on
their own actions, each when what it asked for was done."""

from __future__ import annotations

from datetime import date

import frappe
from frappe.utils import add_days, getdate

from isms_leadership.demo.base import COMPANY, Demo, as_user
from isms_leadership.demo.budget import PLATFORM
from isms_leadership.demo.policies import policy_named
from isms_leadership.demo.reviews import FIRST_REVIEW_DECISIONS, Decision


def action_for(decision: Decision) -> str | None:
	return frappe.db.get_value(
		"ISMS Action", {"company": COMPANY, "description": decision.description}, "name"
	)


def report_on_action(demo: Demo, decision: Decision, day: date, **changes) -> None:
	"""The action's owner reports progress or completion on their own action."""
	name = action_for(decision)
	if not name or day >= demo.today:
		return
	demo.clock.at(day, hour=15)
	with as_user(decision.owner):
		doc = frappe.get_doc("ISMS Action", name)
		doc.update(changes)
		doc.save()


def close_first_review_actions(demo: Demo) -> None:
	if "first-review" not in demo.made_now:
		return
	held = demo.first_review
	mfa, platform, simulations, restore, _suppliers = FIRST_REVIEW_DECISIONS
	v2 = frappe.db.get_value("Security Policy", policy_named("Access Control Policy", 2), "approved_on")
	if v2:
		day = add_days(getdate(v2), 2)
		report_on_action(
			demo,
			mfa,
			day,
			completed_on=day,
			completion_note="Version 2 of the Access Control Policy is published and acknowledged.",
		)
	allocation = frappe.db.get_value(
		"Resource Allocation",
		{"company": COMPANY, "purpose": PLATFORM.purpose, "docstatus": 1},
		"approved_on",
	)
	if allocation:
		day = add_days(getdate(allocation), 1)
		report_on_action(
			demo,
			platform,
			day,
			completed_on=day,
			completion_note="Approved in the security budget; the platform is contracted.",
		)
	day = add_days(held, 70)
	report_on_action(
		demo,
		simulations,
		day,
		completed_on=day,
		completion_note="Monthly simulations run since; clickers get a short training.",
	)
	report_on_action(
		demo,
		restore,
		demo.ago(40),
		progress_note="Restore test planned; waiting for the test environment.",
	)
