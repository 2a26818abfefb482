"""HR appoints an Information Security Manager from the Employee form; the director approves
it from the workspace; the appointee's user gets the ISMS Manager desk role."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from browser_tests.people import CANDIDATE, COMPANY, DIRECTOR, HR

ROLE = "Information Security Manager"
DESK_ROLE = "ISMS Manager"


def held_assignments(admin_api, employee: str) -> list[dict]:
	return admin_api.get_list(
		"Role Assignment",
		{"employee": employee, "isms_role": ROLE, "docstatus": ["<", 2]},
		["name", "docstatus", "workflow_state"],
	)


def undo(admin_api, director_api, employee: str) -> None:
	"""Takes back every appointment of the candidate: the director cancels approved ones,
	drafts are deleted, so the next run finds the candidate free again."""
	for row in held_assignments(admin_api, employee):
		if row["docstatus"] == 1:
			director_api.apply_workflow("Role Assignment", row["name"], "Cancel")
		else:
			admin_api.call("frappe.client.delete", doctype="Role Assignment", name=row["name"])


@pytest.fixture
def candidate(admin_api, api_as):
	employee = admin_api.value("Employee", {"user_id": CANDIDATE, "company": COMPANY}, "name")
	assert employee, f"the demo has no employee for {CANDIDATE}; run `bench --site <site> isms-demo`"
	director_api = api_as(DIRECTOR)
	undo(admin_api, director_api, employee)  # a run that broke off may have left one
	assert DESK_ROLE not in admin_api.desk_roles(CANDIDATE)
	yield employee
	undo(admin_api, director_api, employee)
	assert DESK_ROLE not in admin_api.desk_roles(CANDIDATE), (
		"cancelling the appointment takes the desk role back"
	)


def test_hr_appoints_and_the_director_approves(desk_as, admin_api, candidate, run_stamp):
	# HR opens the candidate's Employee form and adds a Role Assignment from its connections
	hr = desk_as(HR)
	hr.open_form("Employee", candidate)
	hr.page.locator(".form-tabs .nav-link", has_text="Connections").click()
	link = hr.page.locator(".form-dashboard .document-link[data-doctype='Role Assignment']")
	expect(link).to_be_visible()
	hr.shot("01-hr-employee-connections")
	link.locator(".btn-new").click()
	hr.page.wait_for_function("() => cur_frm && cur_frm.doctype === 'Role Assignment' && cur_frm.is_new()")
	hr.settle()
	doc = hr.doc()
	assert doc["employee"] == candidate
	assert doc["company"] == COMPANY
	if doc.get("deputy") == candidate:
		# Frappe copies the employee into every Employee link of the new form, the deputy too
		hr.page.evaluate("() => cur_frm.set_value('deputy', '')")
	hr.set_field("isms_role", ROLE)
	hr.set_field("responsibilities", f"Runs the ISMS day to day ({run_stamp}).")
	# the role requires evidence of competence before it can be sent for approval
	hr.add_row(
		"competence_evidence",
		{"evidence_type": "Certification", "description": "ISO/IEC 27001 Lead Implementer"},
	)
	hr.save()
	assignment = hr.doc()["name"]
	hr.workflow("Submit for Approval", expect_state="Pending Approval")
	hr.shot("01-hr-sent-for-approval")

	# the director sees it waiting on the workspace and approves it with the workflow action
	director = desk_as(DIRECTOR)
	director.goto("/app/isms-leadership")
	# (the block of decisions: the newest first, each a sentence linking to the queue)
	waiting = director.page.locator(".isms-decisions")
	expect(waiting.locator(f".list a[href*='name={assignment}']")).to_be_visible()
	# its charts have drawn (the chart of a report that fails keeps saying Loading...)
	loading = director.page.locator(".widget .chart-loading-state:visible", has_text="Loading")
	expect(loading).to_have_count(0, timeout=60_000)
	director.wait_for_charts()
	director.settle()
	director.shot("01-director-workspace")
	director.open_form("Role Assignment", assignment)
	director.workflow("Approve", expect_state="Approved")
	# an approved appointment that starts today is held: its status shows Active
	expect(director.page.locator(".page-head .indicator-pill", has_text="Active").first).to_be_visible()
	assert director.doc()["approved_by"] == DIRECTOR
	director.shot("01-director-approved")

	# the appointee's user now holds the ISMS Manager desk role
	assert DESK_ROLE in admin_api.desk_roles(CANDIDATE)
	appointee = desk_as(CANDIDATE)
	assert appointee.page.evaluate("(role) => frappe.user_roles.includes(role)", DESK_ROLE)
