"""The demo's leadership in practice (6.2, 7.3, 7.4): security objectives with their
measurements, the communication plan and what was communicated, and the directors'
security awareness. Part of the demo loader; every record goes through its controller and
workflow as the person who would make it, and nothing is made twice."""

from __future__ import annotations

import frappe
from frappe.utils import add_days, add_months, getdate, today

from isms_leadership.core.policy import TOP_LEVEL
from isms_leadership.demo import as_user, login, transition


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


OBJECTIVES = (
	{
		"objective": "Reduce the phishing simulation click rate",
		"owner": "ism",
		"metric": "Click rate of the monthly phishing simulation",
		"unit": "%",
		"target": 5,
		"direction": "Lower is better",
		"measurement_frequency": "Monthly",
		"due_months": 4,
		"plan": "Monthly phishing simulations; short training for those who click.",
		"resources": "Simulation platform; the awareness lead two days a month.",
		"evaluation": "Click rate of each month's campaign, reported to the board quarterly.",
		# (months ago, value)
		"measurements": ((9, 18.0), (7, 15.5), (5, 13.0), (3, 11.0), (1, 10.5)),
	},
	{
		"objective": "Patch critical vulnerabilities within 14 days",
		"owner": "candidate",
		"metric": "Critical vulnerabilities patched within 14 days",
		"unit": "%",
		"target": 95,
		"direction": "Higher is better",
		"measurement_frequency": "Quarterly",
		"due_months": 6,
		"plan": "Weekly scanning; a patch window every Tuesday; exceptions approved by the ISM.",
		"resources": "Vulnerability scanner licence; one engineer half a day a week.",
		"evaluation": "Share of critical findings closed within 14 days, per quarter.",
		"measurements": ((8, 62.0), (5, 78.0), (2, 88.0)),
	},
	{
		"objective": "Multi-factor authentication for all remote access",
		"owner": "ism",
		"metric": "Remote accounts with MFA",
		"unit": "%",
		"target": 100,
		"direction": "Higher is better",
		"measurement_frequency": "Quarterly",
		"due_months": 1,
		"plan": "Enforce MFA on VPN and e-mail; remove legacy protocols.",
		"resources": "MFA licences for all staff.",
		"evaluation": "Identity provider report of accounts without MFA.",
		"measurements": ((9, 71.0), (6, 94.0), (1, 100.0)),
	},
	{
		"objective": "Restore a backup of every critical system each quarter",
		"owner": "auditor",
		"metric": "Critical systems restored in the quarter",
		"unit": "%",
		"target": 100,
		"direction": "Higher is better",
		"measurement_frequency": "Quarterly",
		"due_months": 9,
		"plan": "A restore test of each critical system per quarter, with a written record.",
		"resources": "A test environment; operations staff time.",
		"evaluation": "Restore records against the list of critical systems.",
		"measurements": ((7, 40.0),),
	},
)
#: sent to the director for approval, not yet approved
PENDING_OBJECTIVE = {
	"objective": "Security awareness training completed by all staff",
	"owner": "hr",
	"metric": "Staff who completed the annual training",
	"unit": "%",
	"target": 95,
	"direction": "Higher is better",
	"measurement_frequency": "Half-yearly",
	"due_months": 8,
	"plan": "Annual e-learning for all staff and a session for new joiners each month.",
	"resources": "E-learning licences; HR onboarding time.",
	"evaluation": "Completion records of the e-learning platform.",
	"measurements": (),
}

PLAN = (
	{
		"what": "Security newsletter",
		"audience": "All employees",
		"trigger": "Frequency",
		"frequency": "Monthly",
		"channel": "Newsletter",
		"responsible_role": "Security Awareness Lead",
	},
	{
		"what": "ISMS performance report to the board",
		"audience": "Top management",
		"trigger": "Frequency",
		"frequency": "Quarterly",
		"channel": "Meeting",
		"responsible_role": "ISMS Performance Reporter",
	},
	{
		"what": "A new or changed policy is announced to those it applies to",
		"audience": "All employees",
		"trigger": "Event",
		"event": "Policy published",
		"channel": "Email",
		"responsible_role": "Information Security Manager",
	},
	{
		"what": "The chief executive's message on why security matters",
		"audience": "All employees",
		"trigger": "Frequency",
		"frequency": "Yearly",
		"channel": "Intranet",
		"responsible_role": "Top Management",
	},
)
#: (plan row, months ago, sender, topic)
COMMUNICATIONS = (
	("Security newsletter", 6, "ism", "Newsletter: spotting invoice fraud"),
	("Security newsletter", 4, "ism", "Newsletter: passwords and the password manager"),
	("Security newsletter", 2, "ism", "Newsletter: travelling with laptops"),
	("ISMS performance report to the board", 5, "auditor", "Board report: first quarter"),
	("ISMS performance report to the board", 2, "auditor", "Board report: second quarter"),
	(
		"The chief executive's message on why security matters",
		3,
		"director",
		"Why security is everyone's job",
	),
)
#: (person, months ago): the CFO's awareness is more than a year old
AWARENESS = (("director", 3), ("cfo", 13), ("ism", 2), ("auditor", 5))


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
	from isms_leadership.isms_leadership.doctype.security_objective.security_objective import (
		record_measurement,
	)

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
		course = "Security awareness for leaders and key roles"
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
