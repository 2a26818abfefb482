"""Each person sees and changes only what is theirs, over HTTP as the demo's people and as a
manager of another company: lists, records, child rows, reports, number cards, actions,
evidence packs and text that could carry script."""

from __future__ import annotations

import json

import pytest

from attack_tests.client import DEMO_COMPANY, PASSWORD, Client, demo, make_person

OTHER_COMPANY = "ISMS Other Company"
XSS = ('<img src=x onerror="alert(1)">', "<svg onload=alert(1)>", '<a href="javascript:alert(1)">x</a>')


@pytest.fixture
def outsider(admin, login, unique) -> Client:
	"""An ISMS Manager of another company of the site (User Permission on that company)."""
	if not admin.get_list("Company", {"name": OTHER_COMPANY}):
		pytest.skip(f"the site has no {OTHER_COMPANY} (run the integration tests once)")
	user, _employee = make_person(admin, f"outsider-{unique}", roles=["ISMS Manager"], company=OTHER_COMPANY)
	return login(user, PASSWORD)


def demo_record(admin: Client, doctype: str, **filters) -> dict:
	rows = admin.get_list(doctype, {"company": DEMO_COMPANY, **filters}, ["name"])
	assert rows, f"the demo has no {doctype}"
	return admin.get_doc(doctype, rows[0]["name"])


# 1. companies apart -------------------------------------------------------------------------


@pytest.mark.parametrize(
	"doctype", ["Management Review", "Resource Allocation", "ISMS Action", "Security Policy"]
)
def test_another_companys_records_are_not_listed_or_read(admin, outsider, doctype):
	record = demo_record(admin, doctype)
	assert outsider.get_list(doctype, {"company": DEMO_COMPANY}) == []
	response = outsider.http.get(f"{outsider.site.origin}/api/resource/{doctype}/{record['name']}")
	assert response.status_code == 403, response.text[:300]


@pytest.mark.parametrize(
	"report",
	[
		"Security Budget vs Actual",
		"Leadership Evidence",
		"Leadership Awareness",
		"Communication Record",
		"Policy Register",
		"Role Coverage",
		"ISMS Actions",
		"Objectives Status",
	],
)
def test_reports_refuse_another_company(outsider, report):
	response = outsider.http.get(
		f"{outsider.site.origin}/api/method/frappe.desk.query_report.run",
		params={"report_name": report, "filters": json.dumps({"company": DEMO_COMPANY})},
	)
	outsider.refused(response, "PermissionError")


@pytest.mark.parametrize(
	"card",
	[
		"policies_overdue_for_review",
		"acknowledgement_rate",
		"mandatory_roles_vacant",
		"budget_utilisation",
		"days_since_last_review",
		"overdue_actions",
	],
)
def test_number_cards_refuse_another_company(outsider, card):
	outsider.refused(
		outsider.method(f"isms_leadership.api.number_cards.{card}", filters={"company": DEMO_COMPANY}),
		"PermissionError",
	)


def test_a_forged_company_does_not_move_a_record(admin, outsider):
	action = demo_record(admin, "ISMS Action")
	outsider.refused(outsider.put("ISMS Action", action["name"], {"company": OTHER_COMPANY}))
	assert admin.get_doc("ISMS Action", action["name"])["company"] == DEMO_COMPANY


# 2. child rows follow their parent ---------------------------------------------------------


@pytest.mark.parametrize(
	("child", "parent"),
	[
		("Management Review Input", "Management Review"),
		("Management Review Decision", "Management Review"),
		("Management Review Attendee", "Management Review"),
		("Security Policy Review", "Security Policy"),
		("Security Objective Measurement", "Security Objective"),
		("ISMS Competence Evidence", "Role Assignment"),
		("ISMS Approval Step", "Security Policy"),
	],
)
def test_child_rows_of_records_you_cannot_read_stay_hidden(admin, login, outsider, child, parent):
	readable = {r["name"] for r in login(demo("employee")).get_list(parent, limit=1000)}
	for who in (login(demo("employee")), outsider):
		response = who.http.get(
			f"{who.site.origin}/api/resource/{child}",
			params={"parent": parent, "fields": json.dumps(["parent"]), "limit_page_length": "1000"},
		)
		rows = response.json().get("data", []) if response.ok else []
		leaked = {r["parent"] for r in rows} - (readable if who.user == demo("employee") else set())
		assert not leaked, f"{who.user} read {child} rows of {sorted(leaked)[:3]}"


# 3. nobody closes somebody else's action -----------------------------------------------------


@pytest.mark.parametrize("who", ["employee", "auditor"])
def test_nobody_closes_anothers_action(admin, login, who):
	user = demo(who)
	rows = admin.get_list(
		"ISMS Action",
		{"company": DEMO_COMPANY, "status": ["in", ["Open", "In Progress"]], "owner_user": ["!=", user]},
		["name"],
	)
	assert rows, "the demo has open actions"
	before = admin.get_doc("ISMS Action", rows[0]["name"])
	attacker = login(user)
	response = attacker.put(
		"ISMS Action",
		before["name"],
		{"owner_user": user, "completed_on": before["creation"][:10], "completion_note": "Closed by me."},
	)
	attacker.refused(response)
	assert "completion_note" not in response.text
	after = admin.get_doc("ISMS Action", before["name"])
	assert (after["modified"], after["status"], after.get("closed_by")) == (
		before["modified"],
		before["status"],
		before.get("closed_by"),
	)


# 4. auditors read; the evidence pack's results are the server's --------------------------------


def test_an_auditor_cannot_write_a_packs_results(admin, login):
	auditor = login(demo("auditor"))
	pack = auditor.ok(
		auditor.post(
			"ISMS Evidence Pack",
			{
				"company": DEMO_COMPANY,
				"from_date": "2026-01-01",
				"to_date": "2026-01-31",
				"status": "Ready",
				"pack_file": "javascript:alert(1)",
				"manifest": '{"files": []}',
				"file_count": 99,
			},
		)
	)
	stored = admin.get_doc("ISMS Evidence Pack", pack["name"])
	assert stored.get("pack_file") != "javascript:alert(1)" and stored.get("file_count") != 99
	auditor.put("ISMS Evidence Pack", pack["name"], {"pack_file": "javascript:alert(1)", "status": "Ready"})
	assert admin.get_doc("ISMS Evidence Pack", pack["name"]).get("pack_file") != "javascript:alert(1)"
	# and nothing else of the app
	for doctype in ("Security Policy", "Management Review", "Role Assignment"):
		record = demo_record(admin, doctype)
		auditor.refused(
			auditor.put(
				doctype,
				record["name"],
				{"title": "Audited"} if doctype != "Role Assignment" else {"responsibilities": "Audited"},
			)
		)


# 5. no script from anyone's text ---------------------------------------------------------------


def test_measurement_and_review_notes_are_stored_clean(admin, login):
	objective = admin.get_list(
		"Security Objective",
		{"company": DEMO_COMPANY, "docstatus": 1, "owner_user": demo("candidate")},
		["name"],
	)
	assert objective, "the demo has an approved objective owned by the candidate"
	owner = login(demo("candidate"))
	for payload in XSS:
		owner.ok(
			owner.method(
				"isms_leadership.isms_leadership.doctype.security_objective.api.record_measurement",
				objective=objective[0]["name"],
				measured_on=admin.get_doc("Security Objective", objective[0]["name"])["modified"][:10],
				value=1,
				note=payload,
			)
		)
	notes = [
		m.get("note") or "" for m in admin.get_doc("Security Objective", objective[0]["name"])["measurements"]
	]
	assert not [n for n in notes if "onerror" in n or "onload" in n or "javascript:" in n]

	policy = demo_record(admin, "Security Policy", status="Published")
	director = login(demo("director"))
	director.ok(
		director.method(
			"isms_leadership.isms_leadership.doctype.security_policy.api.record_review",
			policy=policy["name"],
			outcome="No Change Needed",
			note=XSS[0],
		)
	)
	reviews = admin.get_doc("Security Policy", policy["name"])["reviews"]
	assert "onerror" not in (reviews[-1].get("note") or "")


def test_an_action_owner_cannot_store_a_script_link(admin, login):
	rows = admin.get_list(
		"ISMS Action",
		{"company": DEMO_COMPANY, "status": ["in", ["Open", "In Progress"]], "owner_user": ["is", "set"]},
		["name", "owner_user"],
	)
	assert rows, "the demo has open actions with owners"
	before = admin.get_doc("ISMS Action", rows[0]["name"])
	owner = login(rows[0]["owner_user"])
	owner.refused(
		owner.put("ISMS Action", before["name"], {"evidence": "javascript:alert(document.cookie)"}),
		"UnsafeLinkError",
	)
	assert admin.get_doc("ISMS Action", before["name"])["modified"] == before["modified"]


# 5. figures the system keeps are written by the system only -----------------------------------


def kept_count_of_the_demo(admin: Client) -> dict:
	rows = admin.get_list(
		"Policy Acknowledgement Count",
		{"company": DEMO_COMPANY},
		["name", "pending", "acknowledged", "overdue", "not_required", "asked_without_user"],
	)
	assert rows, "the demo's policies have kept counts"
	return rows[0]


@pytest.mark.parametrize("who", ["ism", "director", "auditor"])
def test_nobody_writes_the_kept_counts(admin, login, who):
	"""The register and the cards read the kept counts: no door lets a person move them."""
	before = kept_count_of_the_demo(admin)
	attacker = login(demo(who))
	forged = {"acknowledged": 9999, "pending": 0, "overdue": 0, "asked_without_user": 0}
	attacker.refused(attacker.put("Policy Acknowledgement Count", before["name"], forged))
	attacker.refused(
		attacker.method(
			"frappe.client.set_value",
			doctype="Policy Acknowledgement Count",
			name=before["name"],
			fieldname=json.dumps(forged),
		)
	)
	attacker.refused(
		attacker.post("Policy Acknowledgement Count", {"security_policy": before["name"], **forged})
	)
	attacker.refused(
		attacker.http.delete(
			f"{attacker.site.origin}/api/resource/Policy Acknowledgement Count/{before['name']}"
		)
	)
	assert kept_count_of_the_demo(admin) == before


def test_nobody_writes_or_deletes_a_reminder(admin, login):
	"""ISMS Reminders say who was reminded of what, once: the ISMS Manager reads them only."""
	rows = admin.get_list("ISMS Reminder", {"company": DEMO_COMPANY}, ["name", "subject", "modified"])
	if not rows:
		pytest.skip("the demo sent no reminder on this site yet")
	before = rows[0]
	ism = login(demo("ism"))
	assert ism.get_doc("ISMS Reminder", before["name"])["name"] == before["name"]
	ism.refused(ism.put("ISMS Reminder", before["name"], {"subject": "Never sent"}))
	ism.refused(
		ism.method(
			"frappe.client.set_value",
			doctype="ISMS Reminder",
			name=before["name"],
			fieldname="subject",
			value="Never sent",
		)
	)
	ism.refused(ism.http.delete(f"{ism.site.origin}/api/resource/ISMS Reminder/{before['name']}"))
	after = admin.get_list("ISMS Reminder", {"name": before["name"]}, ["name", "subject", "modified"])
	assert after == [before]


def test_another_companys_queue_and_kept_figures_stay_hidden(admin, outsider):
	"""A manager of another company sees none of the demo's decisions and counts, and cannot
	decide one by naming it."""
	count = kept_count_of_the_demo(admin)
	assert outsider.get_list("Policy Acknowledgement Count", {"company": DEMO_COMPANY}) == []
	response = outsider.http.get(
		f"{outsider.site.origin}/api/resource/Policy Acknowledgement Count/{count['name']}"
	)
	assert response.status_code == 403, response.text[:300]
	assert outsider.ok(outsider.method("isms_leadership.api.decisions.queue")) == []
	waiting = admin.get_list(
		"Resource Allocation", {"company": DEMO_COMPANY, "workflow_state": "Pending Approval"}, ["name"]
	)
	assert waiting, "the demo has an allocation waiting for a decision"
	record = admin.get_doc("Resource Allocation", waiting[0]["name"])
	outsider.refused(
		outsider.method(
			"isms_leadership.api.decisions.decide",
			doctype="Resource Allocation",
			name=record["name"],
			action="Approve",
			fingerprint=record.get("approval_fingerprint") or "",
		),
		"PermissionError",
	)
	after = admin.get_doc("Resource Allocation", record["name"])
	assert (after["modified"], after["workflow_state"]) == (record["modified"], record["workflow_state"])
