"""The ISMS Manager drafts a topic policy and sends it for approval; its author may not
approve it; the director publishes it; an employee reads and acknowledges it at /policies;
the policy's acknowledgement rate moves."""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import expect

from browser_tests.people import COMPANY, DIRECTOR, EMPLOYEE, ISM

TOP_MANAGEMENT_DESK_ROLE = "ISMS Top Management"


def acknowledged_of(desk) -> tuple[int, int]:
	"""The form's 'Acknowledged x of y' indicator, as numbers."""
	indicator = desk.page.locator(".form-dashboard .indicator", has_text="Acknowledged").first
	expect(indicator).to_be_visible()
	done, total = re.search(r"Acknowledged (\d+) of (\d+)", indicator.inner_text()).groups()
	return int(done), int(total)


def wait_for(condition, timeout: float = 120, what: str = "condition"):
	deadline = time.monotonic() + timeout
	while time.monotonic() < deadline:
		value = condition()
		if value:
			return value
		time.sleep(1)
	raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture
def author_with_top_management_desk_role(admin_api):
	"""An ISMS Manager who also has the desk role of top management (as in a small company),
	so only the rule against self-approval keeps them from publishing their own policy."""
	had = TOP_MANAGEMENT_DESK_ROLE in admin_api.desk_roles(ISM)
	if not had:
		admin_api.add_desk_role(ISM, TOP_MANAGEMENT_DESK_ROLE)
	yield ISM
	if not had:
		admin_api.remove_desk_role(ISM, TOP_MANAGEMENT_DESK_ROLE)


@pytest.fixture
def policies_made(admin_api, api_as):
	"""The policies a run publishes are retired at the end, so employees of later runs are not
	asked to acknowledge a pile of test policies."""
	made: list[str] = []
	yield made
	director_api = api_as(DIRECTOR)
	for name in made:
		state = admin_api.get_doc("Security Policy", name)
		if state["docstatus"] == 1 and state["workflow_state"] == "Published":
			director_api.apply_workflow("Security Policy", name, "Retire")
		elif state["docstatus"] == 0:
			admin_api.call("frappe.client.delete", doctype="Security Policy", name=name)


def test_policy_from_draft_to_acknowledgement(
	desk_as, admin_api, run_stamp, author_with_top_management_desk_role, policies_made
):
	parent = admin_api.value(
		"Security Policy",
		{"company": COMPANY, "policy_type": "Information Security Policy", "status": "Published"},
		"name",
	)
	assert parent, f"{COMPANY} has no published information security policy; load the demo"
	owner = admin_api.value("Employee", {"user_id": ISM, "company": COMPANY}, "name")
	title = f"Removable Media Policy {run_stamp}"

	# the ISMS Manager drafts the topic policy and sends it for approval
	ism = desk_as(ISM)
	ism.new_form("Security Policy")
	ism.set_field("title", title)
	ism.set_field("company", COMPANY)
	ism.set_field("policy_type", "Topic-specific Policy")
	ism.set_field("parent_policy", parent)
	ism.set_field("policy_owner", owner)
	ism.set_field("scope", "All company laptops, removable drives and phones.")
	ism.set_field(
		"content",
		"Removable media carry company information only when encrypted. "
		"Lost media are reported to the service desk the same day.",
	)
	ism.save()
	policy = ism.doc()["name"]
	policies_made.append(policy)
	ism.workflow("Send for Review", expect_state="In Review")
	ism.workflow("Submit for Approval", expect_state="Pending Approval")
	ism.shot("02-ism-policy-pending-approval")

	# its author may not publish it: though they hold the desk role of top management, the
	# desk does not offer them Publish (the workflow refuses self-approval) ...
	actions = ism.workflow_actions()
	assert "Return to Draft" in actions and "Publish" not in actions, actions
	# ... and when they send it anyway, the server refuses and tells them why
	with ism.console.expecting_refusal("Self approval is not allowed"):
		ism.request_workflow("Publish")
		message = ism.message()
	assert "Self approval is not allowed" in message, message
	ism.shot("02-author-refused")
	ism.close_message()
	assert admin_api.get_doc("Security Policy", policy)["workflow_state"] == "Pending Approval"

	# the director publishes it
	director = desk_as(DIRECTOR)
	director.open_form("Security Policy", policy)
	director.workflow("Publish", expect_state="Published")
	director.shot("02-director-published")

	# the print shows what was approved: its fingerprint and the approval trail
	# (a print view is no desk page: wait for the trail itself, not for the desk to settle)
	director.page.goto(
		f"/printview?doctype=Security%20Policy&name={policy}&format=Security%20Policy&no_letterhead=1"
	)
	trail = director.page.locator(".isms-approval-trail")
	expect(trail).to_be_visible()
	expect(trail).to_contain_text(admin_api.get_doc("Security Policy", policy)["approval_fingerprint"])
	director.shot("02-policy-print-approval-trail", full_page=True)

	# the worker asks the employees; the employee reads and acknowledges at /policies (the
	# bench's queues are shared by its sites: the job may wait behind other sites' jobs)
	employee_ack = wait_for(
		lambda: admin_api.value(
			"Policy Acknowledgement", {"security_policy": policy, "user": EMPLOYEE}, "name"
		),
		timeout=300,
		what="the acknowledgement campaign to ask the employee",
	)
	ism.open_form("Security Policy", policy)
	before, total = acknowledged_of(ism)
	assert total > 0

	employee = desk_as(EMPLOYEE)
	employee.goto("/policies")
	row = employee.page.locator("table.isms-policy-list tr", has_text=title)
	expect(row).to_be_visible()
	employee.shot("02-employee-my-policies")
	row.locator("a").click()
	employee.settle()
	expect(employee.page.locator("h2.isms-policy-title")).to_have_text(title)
	employee.page.locator("button.isms-acknowledge").click()
	expect(employee.page.locator(".isms-acknowledged")).to_be_visible()
	employee.settle()
	employee.shot("02-employee-acknowledged")
	assert admin_api.get_doc("Policy Acknowledgement", employee_ack)["status"] == "Acknowledged"

	# the acknowledgement rate moves
	ism.open_form("Security Policy", policy)
	after, total_after = acknowledged_of(ism)
	assert (after, total_after) == (before + 1, total)
	ism.shot("02-policy-acknowledgement-rate")
