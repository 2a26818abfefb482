"""A director filters Leadership Evidence to NIS2, opens the gap an auditor would find (a measure
of Article 21(2) without an approved policy), approves the missing policy and sees the row
become Met.

The demo's own supply chain policy waits for approval and must keep waiting (other tests and
the demo's story count on it): the ISMS Manager of this run drafts a supply chain policy of
its own that answers NIS2 Art. 21(2)(d) and sends it for approval; the director approves that
one from the gap. At the end it is retired, so the gap is there again for the next run."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from playwright.sync_api import expect

from browser_tests.people import COMPANY, DIRECTOR, ISM

MEASURE = "NIS2 Art. 21(2)(d)"
REFERENCE = "Art. 21(2)(d)"
#: what frappe-charts logs when a report's refresh replaces its chart (see below)
REDRAW_NOISE = r"Failed to execute 'removeChild' on 'Node'"


@pytest.fixture
def waiting_supply_chain_policy(admin_api, api_as, run_stamp):
	"""A supply chain policy of this run, answering NIS2 21(2)(d), waiting for approval;
	retired (or deleted) afterwards."""
	parent = admin_api.value(
		"Security Policy",
		{"company": COMPANY, "policy_type": "Information Security Policy", "status": "Published"},
		"name",
	)
	assert parent, f"{COMPANY} has no published information security policy; load the demo"
	owner = admin_api.value("Employee", {"user_id": ISM, "company": COMPANY}, "name")
	ism = api_as(ISM)
	doc = ism.call(
		"frappe.client.insert",
		doc={
			"doctype": "Security Policy",
			"title": f"Supply Chain Security Policy {run_stamp}",
			"policy_type": "Topic-specific Policy",
			"parent_policy": parent,
			"company": COMPANY,
			"policy_owner": owner,
			"scope": "Every supplier and service provider with access to our systems or data.",
			"content": "<p>Suppliers are assessed before the contract and every year after.</p>"
			"<p>Contracts carry our security requirements and the right to audit.</p>",
			"requires_acknowledgement": 0,
			"framework_measures": [{"requirement": MEASURE}],
		},
	)
	name = doc["name"]
	ism.apply_workflow("Security Policy", name, "Send for Review")
	ism.apply_workflow("Security Policy", name, "Submit for Approval")
	yield name
	state = admin_api.get_doc("Security Policy", name)
	if state["docstatus"] == 1 and state["workflow_state"] == "Published":
		api_as(DIRECTOR).apply_workflow("Security Policy", name, "Retire")
	elif state["docstatus"] == 0:
		admin_api.call("frappe.client.delete", doctype="Security Policy", name=name)


def nis2_row(desk):
	"""The row of the supply chain measure in Leadership Evidence, as shown (its Requirement
	cell; other rows may name it in their reason)."""
	cell = desk.page.locator(".dt-cell__content", has_text=re.compile(rf"^\s*{re.escape(REFERENCE)}\s*$"))
	row = desk.page.locator(".dt-scrollable .dt-row").filter(has=cell).first
	expect(row).to_be_visible()
	return row


def wait_for_nis2_rows(desk):
	desk.page.wait_for_function(
		"() => (frappe.query_report.data || []).length"
		" && frappe.query_report.data.every((r) => r.framework === 'NIS2')"
	)
	desk.settle()


def level_of(desk) -> str:
	rows = desk.page.evaluate("() => frappe.query_report.data")
	return next(r["level"] for r in rows if r.get("code") == MEASURE)


def test_director_closes_the_nis2_gap(desk_as, waiting_supply_chain_policy):
	policy = waiting_supply_chain_policy
	director = desk_as(DIRECTOR)
	# tall enough for the report's rows under its chart (set before the page draws: a resize
	# afterwards makes the chart redraw)
	director.page.set_viewport_size({"width": 1366, "height": 1150})

	# Leadership Evidence for the demo company, filtered to NIS2 in its Framework filter
	director.goto(f"/app/query-report/Leadership Evidence?company={quote(COMPANY)}")
	framework = director.page.locator(".page-form .frappe-control[data-fieldname='framework'] select")
	# the refresh replaces the report's chart while frappe-charts' ResizeObserver still holds
	# the old one, which it then fails to remove: Frappe's noise, part of changing a filter
	with director.console.expecting(REDRAW_NOISE):
		framework.select_option("NIS2")
		wait_for_nis2_rows(director)
		director.page.wait_for_timeout(1500)
	assert level_of(director) == "Gap"
	row = nis2_row(director)
	expect(row).to_contain_text("Gap")
	expect(row).to_contain_text("is not approved yet")
	director.shot("06-nis2-gap")

	# the gap links to the policies waiting for approval: the director opens this run's
	row.locator(f"a[href*='{policy}']").first.click()
	director.page.wait_for_function(
		"(dn) => window.cur_frm && cur_frm.docname === dn && !cur_frm.doc.__unsaved", arg=policy
	)
	director.settle()
	measures = director.doc()["framework_measures"]
	assert [m["requirement"] for m in measures] == [MEASURE]
	director.workflow("Publish", expect_state="Published")

	# back in Leadership Evidence (NIS2), the measure is met (the filter from the address
	# refreshes the report once more, with the same noise)
	with director.console.expecting(REDRAW_NOISE):
		director.goto(f"/app/query-report/Leadership Evidence?company={quote(COMPANY)}&framework=NIS2")
		wait_for_nis2_rows(director)
		director.page.wait_for_timeout(1500)
	assert level_of(director) == "Met"
	row = nis2_row(director)
	expect(row).to_contain_text("Met")
	expect(row).to_contain_text("Approved by top management and in force")
	director.wait_for_charts()
	director.shot("06-nis2-met")
