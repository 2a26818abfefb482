"""No script from anyone's text: an objective holding measurement notes, a policy holding
content and a review note, each carrying script in every form an attacker would try, are
opened by the director in the desk and by an employee at /policies; no dialog may open and
no script may run."""

from __future__ import annotations

import datetime
from html.parser import HTMLParser

import pytest
from playwright.sync_api import expect

from browser_tests.people import CANDIDATE, COMPANY, DIRECTOR, EMPLOYEE, ISM

PAYLOADS = (
	"<img src=x onerror=\"alert('img')\">",
	"<svg onload=alert('svg')></svg>",
	"<a href=\"javascript:alert('link')\">a link</a>",
	"<iframe srcdoc=\"<script>alert('iframe')</script>\"></iframe>",
	"<script>alert('script')</script>",
)


class ActiveMarkup(HTMLParser):
	"""Collects what in an HTML text could run: script-like elements, event attributes and
	javascript: links."""

	def __init__(self):
		super().__init__()
		self.found: list[str] = []

	def handle_starttag(self, tag, attrs):
		if tag in ("script", "iframe", "object", "embed"):
			self.found.append(f"<{tag}>")
		for name, value in attrs:
			if name.startswith("on") or (value or "").strip().lower().startswith("javascript:"):
				self.found.append(f"<{tag} {name}>")


def active_markup(html: str) -> list[str]:
	parser = ActiveMarkup()
	parser.feed(html or "")
	return parser.found


@pytest.fixture
def dialogs() -> list[str]:
	return []


def watch(desk, dialogs: list[str]) -> None:
	"""Record (and dismiss) any dialog the page opens: alert, confirm or prompt."""

	def on_dialog(dialog):
		dialogs.append(f"{desk.user}: {dialog.type} {dialog.message}")
		dialog.dismiss()

	desk.page.on("dialog", on_dialog)


def test_script_in_notes_and_content_never_runs(desk_as, admin_api, api_as, run_stamp, dialogs):
	# the payloads, through the app's own doors
	rows = admin_api.get_list(
		"Security Objective", {"company": COMPANY, "docstatus": 1, "owner_user": CANDIDATE}, ["name"], limit=1
	)
	assert rows, "the demo has an approved objective owned by the candidate"
	objective = rows[0]["name"]
	owner = api_as(CANDIDATE)
	for payload in PAYLOADS:
		owner.call(
			"isms_leadership.isms_leadership.doctype.security_objective.api.record_measurement",
			objective=objective,
			# yesterday: a past day in the site's time zone whatever it is
			measured_on=(datetime.date.today() - datetime.timedelta(days=1)).isoformat(),
			value=1,
			note=f"{payload} {run_stamp}",
		)

	ism = api_as(ISM)
	owner_employee = admin_api.value("Employee", {"user_id": ISM, "company": COMPANY}, "name")
	policy = ism.call(
		"frappe.client.insert",
		doc={
			"doctype": "Security Policy",
			"title": f"Clean desk {run_stamp}",
			"policy_type": "Topic-specific Policy",
			"company": COMPANY,
			"policy_owner": owner_employee,
			# asks nobody, so every employee of the company reads it at once
			"requires_acknowledgement": 0,
			"content": "<p>Keep the desk clean.</p>" + "".join(PAYLOADS),
		},
	)["name"]
	ism.apply_workflow("Security Policy", policy, "Send for Review")
	ism.apply_workflow("Security Policy", policy, "Submit for Approval")
	director_api = api_as(DIRECTOR)
	director_api.apply_workflow("Security Policy", policy, "Publish")
	director_api.call(
		"isms_leadership.isms_leadership.doctype.security_policy.api.record_review",
		policy=policy,
		outcome="No Change Needed",
		note="".join(PAYLOADS),
	)

	# the director opens them in the desk
	director = desk_as(DIRECTOR)
	watch(director, dialogs)
	director.open_form("Security Objective", objective)
	expect(director.page.locator(".frappe-control[data-fieldname='measurements']")).to_be_visible()
	with director.console.expecting(r"/x$"):
		director.open_form("Security Policy", policy)
		expect(director.page.locator(".frappe-control[data-fieldname='content']")).to_be_visible()
		director.page.wait_for_timeout(1000)
	director.shot("05-policy-with-payloads")

	# an employee reads the policy at /policies
	employee = desk_as(EMPLOYEE)
	watch(employee, dialogs)
	employee.goto("/policies")
	# the image of the first payload keeps its src ("x"), which the browser asks for in vain
	with employee.console.expecting(r"/x$"):
		employee.goto(f"/policies?policy={policy}")
		expect(employee.page.locator("h2.isms-policy-title")).to_contain_text("Clean desk")
		employee.page.wait_for_timeout(1000)
	employee.shot("05-employee-policy-with-payloads")

	assert dialogs == [], "script ran from stored text:\n" + "\n".join(dialogs)
	# what is stored may keep the payloads as text, never as markup that runs
	stored = admin_api.get_doc("Security Policy", policy)["content"]
	assert active_markup(stored) == [], active_markup(stored)

	# clean-up: the policy leaves force so later runs do not carry it
	director_api.apply_workflow("Security Policy", policy, "Retire")
