"""The director's decision queue (issue 23): the demo director opens it from the workspace, reads
every decision waiting for them as a sentence, sees what changed in a policy, approves an
appointment and sends an allocation back with a reason, in place; the workspace block follows.
A second director who prepared an item is refused in place with the approval rule's message.

The demo's own four decisions (an appointment, a policy, a budget allocation and an objective)
are only read here, never decided: other scenarios and the demo's story count on them, and the
demo loader makes only what is missing, so a decision taken here would not come back on the
next load. The decisions taken are this run's own, made fresh through REST as the people who
would prepare them: HR's appointment of the candidate, the ISMS Manager's allocation that
finance sent on, and a version 2 of a published demo policy (the demo's pending policy is a
first version: it has nothing to compare with). They are undone at the end (the appointment
cancelled, the allocation and the new version deleted), so the test runs again on the same
site and in any order.

On a freshly loaded demo the demo company has exactly its four decisions waiting (plus this
run's three); the HTTP attack tests, which run before on the same site, leave pending records
of their own in the demo company. So the test finds the demo's four by their records (from the
demo's data files), checks that exactly those four cards are the demo's, and that every record
of the demo company waiting for top management (as the database says) has its card."""

from __future__ import annotations

import datetime
import json
import re
from urllib.parse import quote

import pytest
from playwright.sync_api import expect

from browser_tests.conftest import REPO
from browser_tests.people import CANDIDATE, CFO, COMPANY, DIRECTOR, DOMAIN, FINANCE, HR, ISM

QUEUE = "isms_leadership.api.decisions.queue"
NEW_VERSION = "isms_leadership.isms_leadership.doctype.security_policy.api.new_version"
#: the state each kind of record waits in for top management
WAITING = {
	"Security Policy": "Pending Approval",
	"Role Assignment": "Pending Approval",
	"Resource Allocation": "Pending Approval",
	"Security Objective": "Pending Approval",
	"Management Review": "Awaiting Sign-off",
}
#: an ISMS role without a desk role, a deputy or evidence of competence
APPOINTED_ROLE = "Asset Owner"
#: the demo policy this run revises (no other scenario touches it)
REVISED_POLICY = "Backup and Recovery Policy"
REASON = "Split it by quarter and show the quotes of two suppliers."
PHONE = {"width": 390, "height": 844}
#: what a record's name looks like (ISMS-RA-2026-00002, ISMS-POL-00003-v2, ...)
RECORD_NAME = re.compile(r"^\s*ISMS-[A-Z]+-[\w-]+\s*$")


def demo_data(name: str) -> dict:
	return json.loads((REPO / "isms_leadership" / "demo" / "data" / name).read_text())


def waiting_one(admin_api, doctype: str, filters: dict) -> str:
	rows = admin_api.get_list(
		doctype, {"company": COMPANY, "docstatus": 0, "workflow_state": WAITING[doctype], **filters}
	)
	assert len(rows) == 1, f"{doctype} {filters}: {rows}; load the demo (`bench --site <site> isms-demo`)"
	return rows[0]["name"]


def demo_decisions(admin_api) -> dict[str, tuple[str, str]]:
	"""The four decisions the demo leaves waiting for the director, found from the demo's own
	data: doctype -> (record, a text its sentence must say)."""
	pending = demo_data("appointments.json")["pending"]
	person = admin_api.get_list(
		"Employee",
		{"user_id": f"{pending['person']}@{DOMAIN}", "company": COMPANY},
		["name", "employee_name"],
	)[0]
	policy = next(p for p in demo_data("policies.json")["topic_policies"] if p.get("published") is None)
	purpose = demo_data("budget.json")["allocations"]["siem"]["purpose"]
	objective = demo_data("objectives.json")["pending"]["objective"]
	return {
		"Role Assignment": (
			waiting_one(
				admin_api, "Role Assignment", {"employee": person["name"], "isms_role": pending["isms_role"]}
			),
			person["employee_name"],
		),
		"Security Policy": (
			waiting_one(admin_api, "Security Policy", {"title": policy["title"]}),
			policy["title"],
		),
		"Resource Allocation": (waiting_one(admin_api, "Resource Allocation", {"purpose": purpose}), purpose),
		"Security Objective": (
			waiting_one(admin_api, "Security Objective", {"objective": objective}),
			objective,
		),
	}


def waiting_in_company(admin_api) -> set[str]:
	"""Every record of the demo company waiting for top management, as the database says."""
	names: set[str] = set()
	for doctype, state in WAITING.items():
		rows = admin_api.get_list(
			doctype, {"company": COMPANY, "docstatus": 0, "workflow_state": state}, limit=10_000
		)
		names |= {row["name"] for row in rows}
	return names


def undo_appointments(admin_api, director_api, employee: str) -> None:
	"""The candidate's appointments to the role go: approved ones are cancelled by the
	director, drafts deleted."""
	for row in admin_api.get_list(
		"Role Assignment",
		{"employee": employee, "isms_role": APPOINTED_ROLE, "docstatus": ["<", 2]},
		["name", "docstatus"],
	):
		if row["docstatus"] == 1:
			director_api.apply_workflow("Role Assignment", row["name"], "Cancel")
		else:
			admin_api.call("frappe.client.delete", doctype="Role Assignment", name=row["name"])


def undo_allocation(admin_api, director_api, name: str) -> None:
	doc = admin_api.get_doc("Resource Allocation", name)
	if doc["docstatus"] == 1:
		director_api.apply_workflow("Resource Allocation", name, "Cancel")
	elif doc["docstatus"] == 0:
		admin_api.call("frappe.client.delete", doctype="Resource Allocation", name=name)


def where_to_book(admin_api) -> dict:
	"""Fiscal year, cost center and an expense account of the demo's approved security budget."""
	rows = admin_api.get_list(
		"Resource Allocation",
		{"company": COMPANY, "docstatus": 1},
		["name", "fiscal_year", "cost_center"],
		order_by="creation desc",
		limit=1,
	)
	assert rows, f"{COMPANY} has no approved resource allocation; load the demo"
	allocation = admin_api.get_doc("Resource Allocation", rows[0]["name"])
	return {
		"fiscal_year": allocation["fiscal_year"],
		"cost_center": allocation["cost_center"],
		"account": allocation["lines"][0]["account"],
	}


@pytest.fixture
def fresh_decisions(admin_api, api_as, run_stamp):
	"""This run's own decisions waiting for the director: an appointment HR sent, an allocation
	finance sent on and a new version of a published policy; undone afterwards."""
	director_api = api_as(DIRECTOR)
	candidate = admin_api.value("Employee", {"user_id": CANDIDATE, "company": COMPANY}, "name")
	assert candidate, f"the demo has no employee for {CANDIDATE}; load the demo"
	undo_appointments(admin_api, director_api, candidate)  # a run that broke off may have left one
	made: dict[str, str] = {}
	try:
		# HR appoints the candidate and sends it for approval
		hr = api_as(HR)
		appointment = hr.call(
			"frappe.client.insert",
			doc={
				"doctype": "Role Assignment",
				"employee": candidate,
				"company": COMPANY,
				"isms_role": APPOINTED_ROLE,
				"responsibilities": f"Keeps the inventory of the build servers true ({run_stamp}).",
			},
		)["name"]
		made["appointment"] = appointment
		hr.apply_workflow("Role Assignment", appointment, "Submit for Approval")

		# the ISMS Manager asks for money, finance sends it on for approval
		target = where_to_book(admin_api)
		ism = api_as(ISM)
		allocation = ism.call(
			"frappe.client.insert",
			doc={
				"doctype": "Resource Allocation",
				"purpose": f"Penetration test of the customer portal {run_stamp}",
				"company": COMPANY,
				"fiscal_year": target["fiscal_year"],
				"cost_center": target["cost_center"],
				"justification": "The customer contract asks for a yearly test by an outside firm.",
				"lines": [
					{
						"category": "External Services",
						"account": target["account"],
						"amount": 8500,
						"description": "Penetration test, five days",
					}
				],
			},
		)["name"]
		made["allocation"] = allocation
		ism.apply_workflow("Resource Allocation", allocation, "Send to Finance")
		api_as(FINANCE).apply_workflow("Resource Allocation", allocation, "Submit for Approval")

		# the ISMS Manager revises a published demo policy and sends version 2 for approval
		published = admin_api.value(
			"Security Policy",
			{"company": COMPANY, "title": REVISED_POLICY, "status": "Published", "docstatus": 1},
			"name",
		)
		assert published, f"{COMPANY} has no published {REVISED_POLICY}; load the demo"
		draft = ism.call(NEW_VERSION, policy=published)
		made["policy"] = draft
		doc = ism.get_doc("Security Policy", draft)
		ism.update(
			"Security Policy",
			draft,
			{
				"scope": f"{doc.get('scope') or ''} Laptops are backed up too.".strip(),
				"content": "<p>Critical systems are backed up every hour and copies are kept off site for 90 days.</p>"
				"<p>Restores are tested at least once a year for every critical system.</p>"
				"<p>Laptops are backed up daily to the company cloud.</p>",
				"change_summary": f"Hourly backups and laptops ({run_stamp}).",
			},
		)
		ism.apply_workflow("Security Policy", draft, "Send for Review")
		ism.apply_workflow("Security Policy", draft, "Submit for Approval")
		made["previous_version"] = published
		yield made
	finally:
		undo_appointments(admin_api, director_api, candidate)
		if "allocation" in made:
			undo_allocation(admin_api, director_api, made["allocation"])
		if "policy" in made:
			state = admin_api.get_doc("Security Policy", made["policy"])
			if state["docstatus"] == 0:
				admin_api.call("frappe.client.delete", doctype="Security Policy", name=made["policy"])


def open_queue(desk) -> list[dict]:
	"""Waits until the queue page shows its cards; returns what the queue says (the API)."""
	desk.page.wait_for_function(
		"() => { const q = document.querySelector('.isms-queue:not(:empty)');"
		" return q && !q.innerText.includes('Loading'); }",
		timeout=60_000,
	)
	desk.settle()
	return desk.call(QUEUE)


def card(desk, name: str):
	return desk.page.locator(f".isms-queue .isms-decision[data-name='{name}']")


def workspace_loaded(desk) -> None:
	"""Waits until the ISMS Leadership workspace has drawn its charts (leaving it earlier makes
	frappe-charts draw into a hidden page and log negative widths as errors)."""
	loading = desk.page.locator(".widget .chart-loading-state:visible", has_text="Loading")
	expect(loading).to_have_count(0, timeout=60_000)
	desk.wait_for_charts()
	desk.settle()


def block_sentences(desk) -> list[str]:
	"""The sentences the workspace block "ISMS Decisions Waiting" lists (it lives in a shadow
	root, which Playwright's CSS locators enter)."""
	items = desk.page.locator(".isms-decisions .list li")
	expect(items.first).to_be_visible(timeout=60_000)
	return [t.strip() for t in desk.page.locator(".isms-decisions .list li a").all_inner_texts()]


def at_top(desk, card) -> None:
	"""Scrolls the page so that the card starts just below the desk's navbar, once the page
	head has slid away (Frappe hides it while the page scrolls down). A card that is already
	near the top scrolls too little for the head to slide: then it rests just below the head,
	which must not cover it."""
	card.evaluate(
		"(c) => window.scrollBy(0, c.getBoundingClientRect().top"
		" - document.querySelector('.navbar').getBoundingClientRect().bottom - 12)"
	)
	desk.page.wait_for_function(
		"""(card) => {
			const navbar = document.querySelector('.navbar').getBoundingClientRect().bottom;
			const heads = [...document.querySelectorAll('.page-head')].filter((e) => e.offsetParent !== null);
			const top = card.getBoundingClientRect().top;
			return !document.documentElement.scrollTop
				|| heads.every((e) => e.getBoundingClientRect().bottom <= navbar + 1)
				|| heads.every((e) => e.getBoundingClientRect().bottom <= top);
		}""",
		arg=card.element_handle(),
	)


def no_horizontal_scrolling(desk) -> None:
	widths = desk.page.evaluate(
		"() => ({scroll: document.documentElement.scrollWidth, inner: window.innerWidth})"
	)
	assert widths["scroll"] <= widths["inner"] + 1, (
		f"the page scrolls sideways at {widths['inner']} px: {widths}"
	)


def test_director_decides_from_the_queue(desk_as, admin_api, fresh_decisions):
	demo = demo_decisions(admin_api)
	appointment, allocation, policy = (
		fresh_decisions["appointment"],
		fresh_decisions["allocation"],
		fresh_decisions["policy"],
	)

	# the workspace block lists the first five sentences of the director's queue
	director = desk_as(DIRECTOR)
	director.goto("/app/isms-leadership")
	workspace_loaded(director)
	queue = director.call(QUEUE)
	assert block_sentences(director) == [d["what"] for d in queue[:5]]
	# each opens the queue at its card
	links = director.page.locator(".isms-decisions .list li a")
	assert [links.nth(i).get_attribute("href") for i in range(links.count())] == [
		f"/app/isms-decisions?name={quote(d['name'])}" for d in queue[:5]
	]

	# the director opens the queue with the workspace shortcut
	director.page.locator(".shortcut-widget-box", has_text="Decisions").first.click()
	director.page.wait_for_url(re.compile(r"/app/isms-decisions"))
	queue = open_queue(director)
	cards = director.page.locator(".isms-queue .isms-decision")
	expect(cards).to_have_count(len(queue))
	shown = director.page.evaluate(
		"() => [...document.querySelectorAll('.isms-queue .isms-decision')].map((c) => ({"
		" name: c.dataset.name, what: c.querySelector('.what').innerText,"
		" company: c.querySelectorAll('.meta')[1].innerText}))"
	)
	assert [c["name"] for c in shown] == [d["name"] for d in queue], "the cards are the queue, in its order"
	for c in shown:
		# a decision is said as a sentence, never as a bare record name
		assert c["what"].strip() and c["what"].strip() != c["name"], c
		assert not RECORD_NAME.match(c["what"]), c
	# every record of the demo company that waits for top management has its card
	in_company = {c["name"] for c in shown if COMPANY in c["company"]}
	assert in_company == waiting_in_company(admin_api)
	# the four decisions of the demo, each once, each a sentence that names what is decided
	demo_cards = [c for c in shown if c["name"] in {name for name, _ in demo.values()}]
	assert len(demo_cards) == 4, demo_cards
	for doctype, (name, says) in demo.items():
		what = card(director, name).locator(".what")
		expect(what).to_contain_text(says)
		assert name not in what.inner_text(), f"{doctype} {name}: {what.inner_text()}"
	# this run's three, each with its approve and send-back action
	for name, approve, send_back in (
		(appointment, "Approve", "Reject"),
		(allocation, "Approve", "Reject"),
		(policy, "Publish", "Return to Draft"),
	):
		expect(card(director, name).locator(".actions .btn-primary")).to_have_text(approve)
		expect(card(director, name).locator(".actions .btn-default").first).to_have_text(send_back)
	expect(card(director, policy).locator(".what")).to_contain_text(f"{REVISED_POLICY} (")
	expect(card(director, policy).locator(".what")).to_contain_text("version 2")

	# the demo's pending policy is a first version: What Changed says there is nothing to compare
	demo_policy = card(director, demo["Security Policy"][0])
	demo_policy.locator("button", has_text="What Changed").click()
	expect(demo_policy.locator(".diff")).to_contain_text("A first version: nothing to compare with.")
	demo_policy.locator("button", has_text="What Changed").click()
	expect(demo_policy.locator(".diff")).to_be_hidden()

	# What Changed of the new version shows the diff against the version in force, inline
	revised = card(director, policy)
	revised.locator("button", has_text="What Changed").click()
	diff = revised.locator(".diff")
	expect(diff).to_be_visible()
	expect(diff).to_contain_text(f"Against {fresh_decisions['previous_version']}, the version in force:")
	expect(diff.locator(".removed", has_text="backed up daily and copies")).to_have_count(1)
	expect(diff.locator(".added", has_text="backed up every hour")).to_have_count(1)
	expect(diff.locator(".added", has_text="Laptops are backed up daily")).to_have_count(1)
	expect(diff.locator("b", has_text="Scope")).to_be_visible()
	# an unchanged paragraph is not listed
	expect(diff).not_to_contain_text("Restores are tested")
	director.settle()
	no_horizontal_scrolling(director)
	at_top(director, revised)
	director.shot("06-decision-queue")

	# the director approves the appointment in place: its card goes, the record is approved
	card(director, appointment).locator(".actions .btn-primary", has_text="Approve").click()
	expect(card(director, appointment)).to_have_count(0)
	director.settle()
	approved = admin_api.get_doc("Role Assignment", appointment)
	assert (approved["docstatus"], approved["workflow_state"]) == (1, "Approved"), approved["workflow_state"]
	assert approved["approved_by"] == DIRECTOR

	# and sends the allocation back with a reason: the queue asks for it
	card(director, allocation).locator(".actions button", has_text="Reject").click()
	dialog = director.page.locator(".modal.show")
	expect(dialog.locator(".modal-title")).to_have_text("Reject")
	dialog.locator(".frappe-control[data-fieldname='reason'] textarea").fill(REASON)
	dialog.locator(".modal-footer .btn-primary").click()
	expect(card(director, allocation)).to_have_count(0)
	director.settle()
	rejected = admin_api.get_doc("Resource Allocation", allocation)
	assert (rejected["docstatus"], rejected["workflow_state"]) == (0, "Rejected"), rejected["workflow_state"]
	assert rejected["rejection_reason"] == REASON
	# the demo's decisions still wait
	for name, _ in demo.values():
		expect(card(director, name)).to_have_count(1)

	# back on the workspace, the block no longer lists those two
	sentences = {d["name"]: d["what"] for d in queue}
	director.goto("/app/isms-leadership")
	workspace_loaded(director)
	listed = block_sentences(director)
	assert sentences[appointment] not in listed and sentences[allocation] not in listed, listed
	assert listed == [d["what"] for d in director.call(QUEUE)[:5]]

	# on a phone: the queue opened at the new policy version (as the block's link opens it);
	# nothing scrolls sideways, the diff included
	phone = desk_as(DIRECTOR)
	phone.page.set_viewport_size(PHONE)
	phone.goto(f"/app/isms-decisions?name={quote(policy)}")
	open_queue(phone)
	revised = card(phone, policy)
	expect(revised).to_be_in_viewport()
	no_horizontal_scrolling(phone)
	revised.locator("button", has_text="What Changed").click()
	expect(revised.locator(".diff .added").first).to_be_visible()
	phone.settle()
	revised.scroll_into_view_if_needed()
	no_horizontal_scrolling(phone)
	for button in revised.locator(".actions button").all():
		box = button.bounding_box()
		assert box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box
	at_top(phone, revised)
	phone.settle()
	phone.shot("07-decision-queue-phone")


@pytest.fixture
def objective_prepared_by_cfo(admin_api, api_as, run_stamp):
	"""A security objective the CFO (who holds top management) drafted and sent for approval.
	Drafting one takes the ISMS Manager desk role, which the CFO is given for that step only;
	the objective is deleted afterwards and the role taken back."""
	had = "ISMS Manager" in admin_api.desk_roles(CFO)
	if not had:
		admin_api.add_desk_role(CFO, "ISMS Manager")
	name = None
	try:
		spec = demo_data("objectives.json")["pending"]
		top_policy = admin_api.value(
			"Security Policy",
			{"company": COMPANY, "policy_type": "Information Security Policy", "status": "Published"},
			"name",
		)
		owner = admin_api.value("Employee", {"user_id": CFO, "company": COMPANY}, "name")
		cfo = api_as(CFO)
		name = cfo.call(
			"frappe.client.insert",
			doc={
				"doctype": "Security Objective",
				"company": COMPANY,
				"security_policy": top_policy,
				"owner_employee": owner,
				"objective": f"Suppliers with a current security assessment {run_stamp}",
				"metric": "Critical suppliers assessed in the last twelve months",
				"unit": "%",
				"target": 100,
				"direction": "Higher is better",
				"measurement_frequency": "Quarterly",
				"due_date": (datetime.date.today() + datetime.timedelta(days=240)).isoformat(),
				"plan": spec["plan"],
				"evaluation": spec["evaluation"],
			},
		)["name"]
		cfo.apply_workflow("Security Objective", name, "Submit for Approval")
		if not had:
			admin_api.remove_desk_role(CFO, "ISMS Manager")
		yield name
	finally:
		if not had and "ISMS Manager" in admin_api.desk_roles(CFO):
			admin_api.remove_desk_role(CFO, "ISMS Manager")
		if name and admin_api.get_doc("Security Objective", name)["docstatus"] == 0:
			admin_api.call("frappe.client.delete", doctype="Security Objective", name=name)


def test_the_director_who_prepared_it_is_refused_in_place(desk_as, admin_api, objective_prepared_by_cfo):
	objective = objective_prepared_by_cfo
	cfo = desk_as(CFO)
	cfo.goto(f"/app/isms-decisions?name={objective}")
	open_queue(cfo)
	mine = card(cfo, objective)
	expect(mine).to_be_in_viewport()
	expect(mine.locator(".what")).to_contain_text("Suppliers with a current security assessment")
	expect(mine.locator(".refusal")).to_be_hidden()

	# the CFO approves their own objective: the card says why not, and stays
	with cfo.console.expecting_refusal("Self approval is not allowed"):
		mine.locator(".actions .btn-primary", has_text="Approve").click()
		refusal = mine.locator(".refusal")
		expect(refusal).to_be_visible()
		cfo.settle()
	expect(refusal).to_contain_text(re.compile(r"Self approval is not allowed|prepared this document"))
	expect(mine.locator(".actions .btn-primary")).to_be_enabled()
	expect(cfo.page.locator(".modal.show")).to_have_count(0)
	doc = admin_api.get_doc("Security Objective", objective)
	assert (doc["docstatus"], doc["workflow_state"]) == (0, "Pending Approval")
	assert not doc.get("approved_by")
