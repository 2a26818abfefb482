"""What was approved is what was sent for approval, and it stays so: through every door of
Frappe (PUT, frappe.client.*, savedocs, run_doc_method, workflow actions), as the people of
the demo. Each attack is refused or harmless; the records, the Budget and the trail stay."""

from __future__ import annotations

import json

import pytest

from attack_tests.client import DEMO_COMPANY, Client, appoint, demo, make_person, today

ALLOC = "Resource Allocation"
POLICY = "Security Policy"
CATEGORY = "Training & Awareness"


@pytest.fixture
def people(login):
	return {key: login(demo(key)) for key in ("director", "ism", "finance", "hr", "cfo")}


@pytest.fixture
def target(admin):
	"""Fiscal year, cost center and an expense account of the demo's security budget."""
	rows = admin.get_list(
		ALLOC, {"company": DEMO_COMPANY, "docstatus": 1}, ["name", "fiscal_year", "cost_center"]
	)
	assert rows, "load the demo first"
	allocation = admin.get_doc(ALLOC, rows[0]["name"])
	return {
		"fiscal_year": allocation["fiscal_year"],
		"cost_center": allocation["cost_center"],
		"account": allocation["lines"][0]["account"],
	}


def budget_amount(admin: Client, target: dict) -> float:
	total = 0.0
	for budget in admin.get_list(
		"Budget",
		{
			"company": DEMO_COMPANY,
			"cost_center": target["cost_center"],
			"fiscal_year": target["fiscal_year"],
			"docstatus": 1,
		},
	):
		for line in admin.get_doc("Budget", budget["name"])["accounts"]:
			if line["account"] == target["account"]:
				total += line["budget_amount"]
	return total


@pytest.fixture
def allocation(admin, people, target, unique):
	"""``allocation(state)``: an allocation of 1,234 taken by the ISMS Manager and finance to
	``state``; approved ones are cancelled by the director at the end."""
	made = []

	def make(state: str = "Draft", amount: float = 1234.0) -> dict:
		ism, finance, director = people["ism"], people["finance"], people["director"]
		doc = ism.ok(
			ism.post(
				ALLOC,
				{
					"purpose": f"Attack test {unique}",
					"company": DEMO_COMPANY,
					"fiscal_year": target["fiscal_year"],
					"cost_center": target["cost_center"],
					"budget_action": "Warn",
					"lines": [{"category": CATEGORY, "account": target["account"], "amount": amount}],
				},
			)
		)
		made.append(doc["name"])
		steps = {"Finance Review": [(ism, "Send to Finance")]}
		steps["Pending Approval"] = [*steps["Finance Review"], (finance, "Submit for Approval")]
		steps["Approved"] = [*steps["Pending Approval"], (director, "Approve")]
		for who, action in steps.get(state, []):
			who.ok(who.workflow(ALLOC, doc["name"], action))
		return admin.get_doc(ALLOC, doc["name"])

	yield make
	for name in made:
		if admin.get_doc(ALLOC, name)["docstatus"] == 1:
			people["director"].ok(people["director"].workflow(ALLOC, name, "Cancel"))


@pytest.fixture
def policy(admin, people, unique):
	"""``policy(state, **values)``: a topic policy by the ISMS Manager taken to ``state``."""

	def make(state: str = "Draft", **values) -> dict:
		ism = people["ism"]
		owner = admin.get_list("Employee", {"user_id": demo("ism")})[0]["name"]
		doc = ism.ok(
			ism.post(
				POLICY,
				{
					"title": f"Attack test policy {unique}",
					"policy_type": "Topic-specific Policy",
					"company": DEMO_COMPANY,
					"policy_owner": owner,
					"content": "<p>Only what was approved.</p>",
					"requires_acknowledgement": 0,
					**values,
				},
			)
		)
		path = ["Send for Review", "Submit for Approval"]
		for action in path[: {"Draft": 0, "In Review": 1, "Pending Approval": 2, "Published": 2}[state]]:
			ism.ok(ism.workflow(POLICY, doc["name"], action))
		if state == "Published":
			people["director"].ok(people["director"].workflow(POLICY, doc["name"], "Publish"))
		return admin.get_doc(POLICY, doc["name"])

	return make


def same(admin: Client, doc: dict, *fields) -> None:
	"""The record is as it was: not modified, the trail as long, and ``fields`` unchanged."""
	now = admin.get_doc(doc["doctype"], doc["name"])
	assert now["modified"] == doc["modified"], f"{doc['name']} was modified"
	assert len(now.get("approval_trail") or []) == len(doc.get("approval_trail") or [])
	for f in fields:
		assert now.get(f) == doc.get(f), f


# 1. forged preparers never skip the finance review -----------------------------------------


@pytest.mark.parametrize("door", ["frappe.client.submit", "run_doc_method", "savedocs"])
def test_forged_preparers_cannot_skip_finance(admin, people, allocation, target, door):
	draft = allocation("Draft")
	before = budget_amount(admin, target)
	director = people["director"]
	forged = {
		**draft,
		"requested_by": demo("hr"),
		"finance_reviewed_by": demo("cfo"),
		"workflow_state": "Approved",
	}
	if door == "frappe.client.submit":
		response = director.method("frappe.client.submit", doc=forged)
	elif door == "run_doc_method":
		response = director.method("run_doc_method", docs=json.dumps(forged), method="submit")
	else:
		response = director.method("frappe.desk.form.save.savedocs", doc=json.dumps(forged), action="Submit")
	director.refused(response)
	same(admin, draft, "requested_by", "finance_reviewed_by", "workflow_state", "docstatus")
	assert budget_amount(admin, target) == before


def test_a_pending_requester_cannot_be_rewritten(admin, people, allocation):
	pending = allocation("Pending Approval")
	assert pending["requested_by"] == demo("ism") and pending["finance_reviewed_by"] == demo("finance")
	director = people["director"]
	# the director may edit in Pending Approval, but the preparers are the trail's
	director.put(ALLOC, pending["name"], {"requested_by": demo("hr"), "finance_reviewed_by": demo("hr")})
	now = admin.get_doc(ALLOC, pending["name"])
	assert (now["requested_by"], now["finance_reviewed_by"]) == (demo("ism"), demo("finance"))
	people["ism"].refused(people["ism"].put(ALLOC, pending["name"], {"requested_by": demo("hr")}))


# 2. a cancel acts on the stored record ------------------------------------------------------


@pytest.mark.parametrize("door", ["PUT", "savedocs"])
def test_cancel_with_forged_lines_takes_back_what_was_approved(admin, people, allocation, target, door):
	before = budget_amount(admin, target)
	approved = allocation("Approved", amount=1234.0)
	assert budget_amount(admin, target) == before + 1234.0
	director = people["director"]
	forged_lines = [{**approved["lines"][0], "amount": -500000}]
	if door == "PUT":
		director.ok(director.put(ALLOC, approved["name"], {"docstatus": 2, "lines": forged_lines}))
	else:
		doc = {**approved, "lines": forged_lines, "docstatus": 1}
		director.ok(director.method("frappe.desk.form.save.savedocs", doc=json.dumps(doc), action="Cancel"))
	assert budget_amount(admin, target) == before
	stored = admin.get_doc(ALLOC, approved["name"])
	assert stored["docstatus"] == 2 and stored["lines"][0]["amount"] == 1234.0
	assert stored["approval_trail"][-1]["to_state"] == "Cancelled"


# 3. bait and switch while pending ------------------------------------------------------------


def test_bait_and_switch_of_the_appointee(admin, people, unique):
	_user, employee = make_person(admin, f"bait-{unique}")
	pending = appoint(admin, None, employee, "Risk Owner")
	hr_employee = admin.get_list("Employee", {"user_id": demo("hr")})[0]["name"]
	hr = people["hr"]
	hr.refused(hr.put("Role Assignment", pending["name"], {"employee": hr_employee}))
	director = people["director"]
	director.refused(
		director.put("Role Assignment", pending["name"], {"employee": hr_employee}), "ContentChangedError"
	)
	same(admin, pending, "employee")


def test_a_director_cannot_publish_their_own_text(admin, people, policy):
	pending = policy("Pending Approval")
	director = people["director"]
	director.refused(
		director.put(POLICY, pending["name"], {"content": "<p>The director's own text.</p>"}),
		"ContentChangedError",
	)
	director.refused(
		director.method(
			"frappe.client.submit",
			doc={**pending, "content": "<p>Switched at approval.</p>", "workflow_state": "Published"},
		),
		"ContentChangedError",
	)
	same(admin, pending, "content", "docstatus")


# 4. no approved-looking state without approval -------------------------------------------------


@pytest.mark.parametrize("door", ["PUT", "frappe.client.set_value", "savedocs"])
def test_no_approved_state_on_a_draft(admin, people, policy, allocation, door):
	director = people["director"]
	for doc, state in ((policy("Draft"), "Published"), (allocation("Draft"), "Approved")):
		if door == "PUT":
			response = director.put(doc["doctype"], doc["name"], {"workflow_state": state})
		elif door == "frappe.client.set_value":
			response = director.method(
				"frappe.client.set_value",
				doctype=doc["doctype"],
				name=doc["name"],
				fieldname="workflow_state",
				value=state,
			)
		else:
			response = director.method(
				"frappe.desk.form.save.savedocs",
				doc=json.dumps({**doc, "workflow_state": state}),
				action="Save",
			)
		director.refused(response)
		same(admin, doc, "workflow_state", "docstatus", "status")


# 5. published and approved records change only through the app -------------------------------


def test_a_published_policy_keeps_what_was_approved(admin, people, policy):
	published = policy("Published")
	director = people["director"]
	# a review on record, through the app's own action
	director.ok(
		director.method(
			"isms_leadership.isms_leadership.doctype.security_policy.api.record_review",
			policy=published["name"],
			outcome="No Change Needed",
		)
	)
	published = admin.get_doc(POLICY, published["name"])
	assert len(published["reviews"]) == 1
	for values in (
		{"superseded_by": published["name"]},
		{"last_reviewed_on": "2099-01-01"},
		{"reviews": []},
		{"retired_by": demo("hr")},
	):
		director.refused(director.put(POLICY, published["name"], values))
	same(admin, published, "status", "superseded_by", "last_reviewed_on", "next_review_due")
	director.refused(director.put(POLICY, published["name"], {"docstatus": 2}))
	assert admin.get_doc(POLICY, published["name"])["docstatus"] == 1


def test_an_approved_objective_keeps_its_approver(admin, people):
	rows = admin.get_list("Security Objective", {"company": DEMO_COMPANY, "docstatus": 1}, ["name"])
	assert rows, "the demo has approved objectives"
	objective = admin.get_doc("Security Objective", rows[0]["name"])
	director = people["director"]
	director.refused(director.put("Security Objective", objective["name"], {"approved_by": demo("cfo")}))
	same(admin, objective, "approved_by")


# 6. versions stay within their family and company ---------------------------------------------


def test_a_hand_made_version_supersedes_nothing(admin, people, policy):
	theirs = policy("Published")
	mine = policy("Published", previous_version=theirs["name"], policy_family=theirs["policy_family"])
	assert (mine.get("previous_version"), mine["version"], mine["policy_family"]) == (None, 1, mine["name"])
	assert admin.get_doc(POLICY, theirs["name"])["status"] == "Published"


# 7. the accountable owner is a subject of the approval ----------------------------------------


def test_the_owner_cannot_approve_their_own_policy(admin, people, policy):
	director_employee = admin.get_list("Employee", {"user_id": demo("director")})[0]["name"]
	pending = policy("Pending Approval", policy_owner=director_employee)
	director = people["director"]
	director.refused(director.workflow(POLICY, pending["name"], "Publish"), "ApprovalRefusedError", "subject")
	same(admin, pending, "docstatus")
	# another director may
	people["cfo"].ok(people["cfo"].workflow(POLICY, pending["name"], "Publish"))


# the trail is the server's -------------------------------------------------------------------


def test_the_trail_cannot_be_written_by_a_client(admin, people, policy):
	draft = policy("Pending Approval")
	ism = people["ism"]
	row = draft["approval_trail"][0]
	ism.refused(
		ism.method(
			"frappe.client.set_value",
			doctype="ISMS Approval Step",
			name=row["name"],
			fieldname="user",
			value=demo("hr"),
		)
	)
	director = people["director"]
	director.put(
		POLICY,
		draft["name"],
		{"approval_trail": [{**row, "user": demo("hr")}], "approval_fingerprint": "0" * 64},
	)
	now = admin.get_doc(POLICY, draft["name"])
	assert [s["user"] for s in now["approval_trail"]] == [s["user"] for s in draft["approval_trail"]]
	assert now["approval_fingerprint"] == draft["approval_fingerprint"]


# 8. two approvals at one moment ---------------------------------------------------------------


def test_simultaneous_approvals_never_crash_and_never_double_count(admin, people, allocation, target):
	"""Two directors approve two allocations of the same Budget at the same moment: each gets
	its approval or "try again", never a server error, and the Budget holds exactly what was
	approved."""
	from concurrent.futures import ThreadPoolExecutor

	for _round in range(2):
		before = budget_amount(admin, target)
		first, second = (
			allocation("Pending Approval", amount=111.0),
			allocation("Pending Approval", amount=222.0),
		)
		with ThreadPoolExecutor(max_workers=2) as pool:
			responses = list(
				pool.map(
					lambda job: job[0].workflow(ALLOC, job[1]["name"], "Approve"),
					[(people["director"], first), (people["cfo"], second)],
				)
			)
		approved = 0.0
		for response, doc in zip(responses, (first, second), strict=True):
			assert response.status_code < 500, response.text[:500]
			if response.ok:
				approved += doc["lines"][0]["amount"]
			else:
				Client.refused(response, "ConcurrentApprovalError", "try again")
		assert budget_amount(admin, target) == before + approved


# every door, for each of the five approved doctypes ----------------------------------------------

APPROVED_STATE = {
	"Role Assignment": "Approved",
	"Security Policy": "Published",
	ALLOC: "Approved",
	"Management Review": "Completed",
	"Security Objective": "Approved",
}


@pytest.fixture
def draft_of(admin, people, policy, allocation, unique):
	"""``draft_of(doctype)``: a record of the demo company in the first state of its workflow,
	made by the people who would make it."""
	ism = people["ism"]

	def employee(user: str) -> str:
		return admin.get_list("Employee", {"user_id": user})[0]["name"]

	def make(doctype: str) -> dict:
		if doctype == "Security Policy":
			return policy("Draft")
		if doctype == ALLOC:
			return allocation("Draft")
		if doctype == "Role Assignment":
			_user, appointee = make_person(admin, f"draft-{unique}")
			values = {"employee": appointee, "isms_role": "Risk Owner", "from_date": today()}
			doc = admin.ok(admin.post(doctype, {"company": DEMO_COMPANY, **values}))
		elif doctype == "Security Objective":
			doc = ism.ok(
				ism.post(
					doctype,
					{
						"objective": f"Attack test objective {unique}",
						"company": DEMO_COMPANY,
						"owner_employee": employee(demo("ism")),
						"plan": "A plan.",
						"resources": "Some resources.",
						"evaluation": "A measure.",
						"metric": "Rate",
						"unit": "%",
						"target": 5,
						"direction": "Lower is better",
						"measurement_frequency": "Quarterly",
						"due_date": today(300),
					},
				)
			)
		else:
			director = employee(demo("director"))
			doc = ism.ok(
				ism.post(
					doctype,
					{
						"title": f"Attack test review {unique}",
						"company": DEMO_COMPANY,
						"review_date": today(),
						"chair": director,
						"attendees": [{"employee": director, "attended": 1}],
					},
				)
			)
		return admin.get_doc(doctype, doc["name"])

	return make


@pytest.mark.parametrize("doctype", sorted(APPROVED_STATE))
def test_no_door_approves_a_draft_without_the_workflow(admin, people, draft_of, doctype):
	"""A record in the first state of its workflow: no door takes it to its approved state,
	not even for a director who may approve it once it is sent for approval."""
	draft = draft_of(doctype)
	assert draft["docstatus"] == 0 and draft["workflow_state"] in ("Draft", "Planned")
	director = people["director"]
	state = APPROVED_STATE[doctype]
	forged = {**draft, "workflow_state": state}
	doors = {
		"PUT": lambda: director.put(doctype, draft["name"], {"workflow_state": state}),
		"PUT docstatus": lambda: director.put(
			doctype, draft["name"], {"docstatus": 1, "workflow_state": state}
		),
		"frappe.client.set_value": lambda: director.method(
			"frappe.client.set_value",
			doctype=doctype,
			name=draft["name"],
			fieldname="workflow_state",
			value=state,
		),
		"frappe.client.submit": lambda: director.method("frappe.client.submit", doc=forged),
		"frappe.client.save": lambda: director.method("frappe.client.save", doc=forged),
		"savedocs Save": lambda: director.method(
			"frappe.desk.form.save.savedocs", doc=json.dumps(forged), action="Save"
		),
		"savedocs Submit": lambda: director.method(
			"frappe.desk.form.save.savedocs", doc=json.dumps(forged), action="Submit"
		),
		"run_doc_method": lambda: director.method("run_doc_method", docs=json.dumps(forged), method="submit"),
	}
	for door, call in doors.items():
		response = call()
		assert not response.ok, f"{door} accepted {state} on {draft['name']}"
		assert response.status_code < 500, f"{door}: {response.text[:300]}"
	same(admin, draft, "workflow_state", "docstatus")
