"""The policies (``data/policies.json``): the ISMS Manager drafts, sends for review and for
approval; the director (or the CFO) publishes; the employees acknowledge, most within days,
some late, a few never. A year on, top management reviews the information security policy."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import frappe
from frappe.utils import add_days

from isms_leadership.core.policy import TOP_LEVEL
from isms_leadership.demo.base import (
	ABBR,
	COMPANY,
	REVIEW_DAYS_AGO,
	TOPIC,
	Demo,
	as_user,
	content,
	data,
	hashed,
	transition,
)
from isms_leadership.demo.people import LEADERS, LEAVER
from isms_leadership.isms_leadership.doctype.policy_acknowledgement.api import acknowledge
from isms_leadership.isms_leadership.doctype.security_policy.api import record_review
from isms_leadership.tasks.campaign import run_campaign

# policies -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Policy:
	title: str
	owner: str
	published: int | None  # days ago; None: waits for the director's approval
	approver: str = "director"
	scope: str = "All employees, contractors and systems of ISMS Demo Ltd."
	body: tuple[str, ...] = ()
	audience_department: str | None = None
	policy_type: str = TOPIC
	#: the framework measures it answers (NIS2 Article 21(2)), approved with it
	measures: tuple[str, ...] = ()


def _policy(row: dict, policy_type: str = TOPIC) -> Policy:
	return Policy(
		**{
			**row,
			"body": tuple(row["body"]),
			"measures": tuple(row.get("measures", ())),
			"policy_type": policy_type,
		}
	)


_policies = data("policies.json")
TOP_POLICY = _policy(_policies["information_security_policy"], TOP_LEVEL)
#: in the order they are published; the last waits for the director's approval
TOPIC_POLICIES = tuple(_policy(row) for row in _policies["topic_policies"])
#: version 2 of the Access Control Policy, decided in the first management review
ACCESS_CONTROL_V2 = tuple(_policies["access_control_v2"])
#: version 2 also answers NIS2 21(2)(j): multi-factor authentication
ACCESS_CONTROL_V2_MEASURES = tuple(_policies["access_control_v2_measures"])
#: the last policy published: most of its acknowledgements are still open
RECENT_POLICY = "Remote Working Policy"


def policy_named(title: str, version: int = 1) -> str | None:
	return frappe.db.get_value(
		"Security Policy", {"company": COMPANY, "title": title, "version": version}, "name"
	)


def publish_policies(demo: Demo, before_review: bool) -> None:
	"""The policies published before (or after) the first management review, in order; a
	year on, top management reviews the information security policy and keeps it."""
	for spec in (TOP_POLICY, *TOPIC_POLICIES):
		if spec.published is None or (spec.published > REVIEW_DAYS_AGO) != before_review:
			continue
		if publish_policy(demo, spec) and spec is TOP_POLICY:
			demo.made_now.add("top-policy")
	if before_review or "top-policy" not in demo.made_now:
		return
	demo.clock.at(demo.ago(30), hour=15)
	with as_user("director"):
		record_review(
			policy_named(TOP_POLICY.title),
			"No Change Needed",
			reviewed_on=str(demo.ago(30)),
			note="Still fits the business and its risks; objectives are set for the coming year.",
		)


def measures_known(names) -> list[str]:
	"""The measures of the catalogue among ``names`` (the catalogue is installed with the app)."""
	return [name for name in names if frappe.db.exists("ISMS Requirement", name)]


def draft_policy(demo: Demo, spec: Policy):
	top = policy_named(TOP_POLICY.title) if spec.policy_type == TOPIC else None
	doc = frappe.get_doc(
		{
			"doctype": "Security Policy",
			"title": spec.title,
			"policy_type": spec.policy_type,
			"parent_policy": top,
			"company": COMPANY,
			"policy_owner": demo.employee(spec.owner),
			"scope": spec.scope,
			"content": content(spec.body),
			"includes_objectives": 1,
			"commits_to_requirements": 1,
			"commits_to_improvement": 1,
			# 5.2 g: the information security policy is available to interested parties
			"available_to_interested_parties": int(spec.policy_type == TOP_LEVEL),
			"requires_acknowledgement": 1,
			"audience": [{"audience_type": "Department", "audience": f"{spec.audience_department} - {ABBR}"}]
			if spec.audience_department
			else [],
			"framework_measures": [{"requirement": name} for name in measures_known(spec.measures)],
		}
	)
	with as_user("ism"):
		doc.insert()
	return doc


def publish_policy(demo: Demo, spec: Policy) -> str | None:
	"""Draft, review, approve and publish a policy, then its employees acknowledge it."""
	if policy_named(spec.title):
		return None
	published_on = demo.ago(spec.published)
	demo.clock.at(add_days(published_on, -12), hour=10)
	name = draft_policy(demo, spec).name
	demo.clock.at(add_days(published_on, -9), hour=11)
	with as_user("ism"):
		transition("Security Policy", name, "Send for Review")
	demo.clock.at(add_days(published_on, -3), hour=14)
	with as_user("ism"):
		transition("Security Policy", name, "Submit for Approval")
	approve_policy(demo, name, spec.approver, published_on)
	return name


def approve_policy(demo: Demo, name: str, approver: str, published_on: date) -> None:
	demo.clock.at(published_on, hour=16)
	with as_user(approver):
		transition("Security Policy", name, "Publish")
		# the campaign the publication starts, run here rather than by a background worker
		run_campaign(name)
	acknowledge_policy(demo, name, published_on)


def acknowledge_policy(demo: Demo, policy: str, published_on: date) -> None:
	"""Most employees acknowledge within days; some late, a few never (overdue); nobody in the
	future. The plain employee of the demo leaves the most recent policy open."""
	title = frappe.db.get_value("Security Policy", policy, "title")
	plan = []
	for row in frappe.get_all(
		"Policy Acknowledgement",
		filters={"security_policy": policy, "acknowledged_on": ["is", "not set"]},
		fields=["name", "user"],
	):
		if not row.user:
			continue
		key = row.user.split("@")[0]
		if title == RECENT_POLICY and key == "employee":
			continue  # the demo's plain employee has this one still to read
		h = hashed(row.user, title)
		if key in LEADERS:
			day = add_days(published_on, 1 + h % 3)
		elif h < 78:
			day = add_days(published_on, 1 + h % 12)
		elif h < 90:
			day = add_days(published_on, 16 + h % 20)  # late: after the due date
		else:
			continue  # never: overdue
		if day < demo.today and not (key == LEAVER and day >= demo.leaving_day):
			plan.append((day, 9 + h % 8, row))
	for day, hour, row in sorted(plan, key=lambda p: (p[0], p[1], p[2].user)):
		demo.clock.at(day, hour=hour)
		with as_user(row.user):
			acknowledge(row.name)
		demo.acknowledged += 1
