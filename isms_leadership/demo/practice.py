"""The demo's leadership in practice (6.2, 7.3, 7.4): security objectives with their
measurements (``data/objectives.json``), the communication plan and what was communicated
(``data/communication.json``), and the directors' security awareness
(``data/awareness.json``). Part of the demo loader; every record goes through its controller
and workflow as the person who would make it, and nothing is made twice."""

from __future__ import annotations

import frappe
from frappe.utils import add_days, add_months, getdate, today

from isms_leadership.core.policy import TOP_LEVEL
from isms_leadership.demo.base import as_user, data, login, transition
from isms_leadership.isms_leadership.doctype.security_objective.api import record_measurement


def employee(name: str, company: str) -> str | None:
	return frappe.db.get_value("Employee", {"user_id": login(name), "company": company}, "name")


def evidence_file(company: str, file_name: str, text: str) -> str:
	"""A small private file standing for minutes or a screenshot; made once."""
	existing = frappe.db.get_value("File", {"file_name": file_name, "is_private": 1}, "file_url")
	if existing:
		return existing
	doc = frappe.get_doc(
		{"doctype": "File", "file_name": file_name, "is_private": 1, "content": text.encode()}
	)
	# demo data made by the loader (Administrator); the file is private evidence
	doc.insert(ignore_permissions=True)
	return doc.file_url


def _objective(spec: dict) -> dict:
	"""An objective of the data file, its measurements as (months ago, value)."""
	return {**spec, "measurements": tuple(tuple(m) for m in spec["measurements"])}


_objectives = data("objectives.json")
#: each with its owner (a login), due so many months from today, and its measurements
#: (months ago, value)
OBJECTIVES = tuple(_objective(spec) for spec in _objectives["objectives"])
#: sent to the director for approval, not yet approved
PENDING_OBJECTIVE = _objective(_objectives["pending"])

_communication = data("communication.json")
PLAN = tuple(_communication["plan"])
#: (plan row, months ago, sender, topic)
COMMUNICATIONS = tuple(
	(row["plan"], row["months_ago"], row["sender"], row["topic"]) for row in _communication["communications"]
)
_awareness = data("awareness.json")
#: the course the directors and key roles completed
AWARENESS_COURSE = _awareness["course"]
#: (person, months ago): the CFO's awareness is more than a year old
AWARENESS = tuple((row["person"], row["months_ago"]) for row in _awareness["records"])


def load(company: str, log=print) -> dict[str, int]:
	"""Make what is missing; returns how many records of each kind were made."""
	made = {
		"Security Objective": 0,
		"ISMS Planned Communication": 0,
		"ISMS Communication": 0,
		"ISMS Awareness Record": 0,
	}
	made["Security Objective"] = load_objectives(company)
	made["ISMS Planned Communication"], made["ISMS Communication"] = load_communication(company)
	made["ISMS Awareness Record"] = load_awareness(company)
	return made


def load_objectives(company: str) -> int:
	top_policy = frappe.db.get_value(
		"Security Policy",
		{"company": company, "policy_type": TOP_LEVEL, "status": "Published"},
		"name",
	)
	made = 0
	for spec in (*OBJECTIVES, PENDING_OBJECTIVE):
		if frappe.db.exists("Security Objective", {"company": company, "objective": spec["objective"]}):
			continue
		owner = employee(spec["owner"], company)
		if not owner:
			continue
		doc = frappe.get_doc(
			{
				"doctype": "Security Objective",
				"company": company,
				"security_policy": top_policy,
				"owner_employee": owner,
				"due_date": add_months(getdate(today()), spec["due_months"]),
				**{k: v for k, v in spec.items() if k not in ("owner", "due_months", "measurements")},
			}
		)
		with as_user("ism"):
			doc.insert()
			for months, value in spec["measurements"]:
				record_measurement(doc.name, add_months(getdate(today()), -months), value)
			transition("Security Objective", doc.name, "Submit for Approval")
		if spec is not PENDING_OBJECTIVE:
			with as_user("director"):
				transition("Security Objective", doc.name, "Approve")
		made += 1
	return made


def load_communication(company: str) -> tuple[int, int]:
	planned_since = add_months(getdate(today()), -11)
	rows_made = 0
	for spec in PLAN:
		if frappe.db.exists("ISMS Planned Communication", {"company": company, "what": spec["what"]}):
			continue
		with as_user("ism"):
			frappe.get_doc(
				{
					"doctype": "ISMS Planned Communication",
					"company": company,
					"planned_since": planned_since,
					**spec,
				}
			).insert()
		rows_made += 1

	made = 0
	for what, months, sender, topic in COMMUNICATIONS:
		if frappe.db.exists("ISMS Communication", {"company": company, "topic": topic}):
			continue
		plan = frappe.db.get_value("ISMS Planned Communication", {"company": company, "what": what}, "name")
		sender_employee = employee(sender, company)
		if not (plan and sender_employee):
			continue
		spec = frappe.db.get_value("ISMS Planned Communication", plan, ["audience", "channel"], as_dict=True)
		record(company, topic, add_months(getdate(today()), -months), sender, sender_employee, spec, plan)
		made += 1

	# the published policies are announced within a week, except the most recent one
	policies = frappe.get_all(
		"Security Policy",
		filters={"company": company, "docstatus": 1, "status": "Published"},
		fields=["name", "title", "approved_on"],
		order_by="approved_on asc",
	)
	announce = frappe.db.get_value(
		"ISMS Planned Communication", {"company": company, "event": "Policy published"}, "name"
	)
	for policy in policies[:-1]:
		topic = f"Published: {policy.title}"
		if frappe.db.exists("ISMS Communication", {"company": company, "topic": topic}):
			continue
		day = min(getdate(today()), add_days(getdate(policy.approved_on), 3))
		spec = frappe._dict(audience="All employees", channel="Email")
		record(
			company, topic, day, "ism", employee("ism", company), spec, announce, security_policy=policy.name
		)
		made += 1
	return rows_made, made


def record(company, topic, day, sender, sender_employee, spec, plan, **links) -> None:
	url = evidence_file(
		company,
		f"{frappe.scrub(topic)[:60]}.txt",
		f"{topic}\n{company}, {day}\nEvidence of the communication kept by the ISMS Manager.\n",
	)
	with as_user(sender if sender in ("director", "ism") else "ism"):
		frappe.get_doc(
			{
				"doctype": "ISMS Communication",
				"company": company,
				"topic": topic,
				"communicated_on": day,
				"planned_communication": plan,
				"audience": spec.audience,
				"channel": spec.channel,
				"sender": sender_employee,
				"attachment": url,
				**links,
			}
		).insert()


def load_awareness(company: str) -> int:
	made = 0
	for person, months in AWARENESS:
		emp = employee(person, company)
		course = AWARENESS_COURSE
		if not emp or frappe.db.exists("ISMS Awareness Record", {"employee": emp, "course": course}):
			continue
		with as_user("hr"):
			frappe.get_doc(
				{
					"doctype": "ISMS Awareness Record",
					"employee": emp,
					"course": course,
					"completed_on": add_months(getdate(today()), -months),
				}
			).insert()
		made += 1
	return made
