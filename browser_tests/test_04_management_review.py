"""The ISMS Manager prepares a management review and fills its inputs; sign-off is refused
while an input has no discussion summary; the chair completes it and signs off; the decisions
become ISMS Actions their owners see."""

from __future__ import annotations

import datetime

import pytest
from playwright.sync_api import expect

from browser_tests.people import COMPANY, DIRECTOR, EMPLOYEE, ISM

LEFT_EMPTY = "g"  # opportunities for continual improvement: the input the ISMS Manager forgets


@pytest.fixture
def actions_made(admin_api, api_as):
	"""The actions a run's review created are called off at the end, so later reviews do not
	carry them over."""
	reviews: list[str] = []
	yield reviews
	ism_api = api_as(ISM)
	for review in reviews:
		doc = admin_api.get_doc("Management Review", review)
		if doc["docstatus"] == 0:
			admin_api.call("frappe.client.delete", doctype="Management Review", name=review)
			continue
		for action in admin_api.get_list(
			"ISMS Action", {"management_review": review, "status": ["not in", ["Completed", "Cancelled"]]}
		):
			ism_api.update(
				"ISMS Action",
				action["name"],
				{"cancelled": 1, "cancellation_reason": "Test review of the browser tests."},
			)


def test_review_signed_off_by_the_chair(desk_as, admin_api, run_stamp, actions_made):
	chair = admin_api.value("Employee", {"user_id": DIRECTOR, "company": COMPANY}, "name")
	secretary = admin_api.value("Employee", {"user_id": ISM, "company": COMPANY}, "name")
	owner = admin_api.value("Employee", {"user_id": EMPLOYEE, "company": COMPANY}, "name")
	day = admin_api.site_today()
	due = (day + datetime.timedelta(days=45)).isoformat()
	decision = f"Run a tabletop exercise of the incident response plan ({run_stamp})"

	# the ISMS Manager prepares the review
	ism = desk_as(ISM)
	ism.new_form("Management Review")
	ism.set_field("title", f"Management review {run_stamp}")
	ism.set_field("company", COMPANY)
	ism.set_field("review_date", day.isoformat())
	ism.set_field("chair", chair)
	ism.add_row("attendees", {"employee": chair})
	ism.add_row("attendees", {"employee": secretary})
	ism.save()
	review = ism.doc()["name"]
	actions_made.append(review)
	ism.workflow("Start", expect_state="In Progress")

	# fills its inputs (but one) and the notes of the actions carried from earlier reviews
	doc = ism.doc()
	for row in doc["inputs"]:
		if row["input_code"] != LEFT_EMPTY:
			ism.set_row("inputs", row["idx"], {"discussion_summary": f"Discussed: {row['input']}."})
	for row in doc.get("carried_actions") or []:
		ism.set_row("carried_actions", row["idx"], {"status_note": "On track; reviewed in the meeting."})
	ism.add_row(
		"decisions",
		{
			"decision_type": "Improvement Opportunity",
			"description": decision,
			"owner_employee": owner,
			"due_date": due,
		},
	)
	ism.save()
	ism.workflow("Request Sign-off", expect_state="Awaiting Sign-off")
	ism.shot("04-review-awaiting-sign-off", full_page=True)

	# the chair may not sign off while an input has no discussion summary
	director = desk_as(DIRECTOR)
	director.open_form("Management Review", review)
	with director.console.expecting_refusal("no discussion summary"):
		director.workflow("Sign Off")
		message = director.message()
	assert "no discussion summary" in message, message
	director.shot("04-sign-off-refused")
	director.close_message()
	assert admin_api.get_doc("Management Review", review)["docstatus"] == 0

	# the chair writes the missing summary and signs off
	row = next(r for r in director.doc()["inputs"] if r["input_code"] == LEFT_EMPTY)
	director.set_row(
		"inputs", row["idx"], {"discussion_summary": "A tabletop exercise would test the incident plan."}
	)
	director.save()
	director.workflow("Sign Off", expect_state="Completed")
	director.shot("04-review-signed-off")
	signed = admin_api.get_doc("Management Review", review)
	assert signed["docstatus"] == 1 and signed["signed_off_by"] == DIRECTOR
	action = signed["decisions"][0]["isms_action"]
	assert action

	# the action appears for its owner
	employee = desk_as(EMPLOYEE)
	employee.goto("/app/isms-action")
	expect(employee.page.locator(".list-row-container", has_text=decision[:40]).first).to_be_visible()
	employee.shot("04-owner-sees-action")
	employee.goto("/app/todo?status=Open")
	expect(employee.page.locator(".list-row-container", has_text=decision[:40]).first).to_be_visible()
