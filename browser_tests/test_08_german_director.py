"""A director whose language is German reads the ISMS Leadership workspace and a published
policy in German (issue 20): labels, number cards, the decisions block and the policy form
come from the app's catalogue, isms_leadership/locale/de.po (compiled to .mo by
scripts/install-into-bench).

The director is the CFO (who holds top management): the HTTP attack tests read the messages of
the demo director in English and may run on the same site at the same time. Their language is
set through REST as Administrator and set back afterwards."""

from __future__ import annotations

import ast
import re

import pytest
from playwright.sync_api import expect

from browser_tests.conftest import REPO
from browser_tests.people import CFO, COMPANY

CATALOGUE = REPO / "isms_leadership" / "locale" / "de.po"


def german_catalogue() -> dict[str, str]:
	"""msgid -> msgstr of de.po (entries without context; strings may run over several lines)."""
	entries: dict[str, str] = {}
	current: dict[str, str] = {}
	key = None
	for line in [*CATALOGUE.read_text(encoding="utf-8").splitlines(), ""]:
		line = line.strip()
		if not line:
			if "msgctxt" not in current and current.get("msgid") and current.get("msgstr"):
				entries[current["msgid"]] = current["msgstr"]
			current, key = {}, None
		elif line.startswith("#"):
			continue
		elif line.startswith('"') and key:
			current[key] += ast.literal_eval(line)
		else:
			key, _, value = line.partition(" ")
			current[key] = ast.literal_eval(value)
	return entries


GERMAN = german_catalogue()


def de(english: str) -> str:
	"""The German of an English text of the app; fails when the catalogue has none."""
	german = GERMAN.get(english)
	assert german and german != english, f"de.po has no German for {english!r}"
	return german


def sentence_patterns() -> list[re.Pattern]:
	"""The German of each sentence the queue says a decision with, as patterns."""
	return [
		re.compile("^" + re.sub(r"\\\{\d\\\}", ".+", re.escape(de(template))) + "$", re.S)
		for template in (
			"Publish {0} ({1}), version {2}",
			"Appoint {0} as {1} from {2} until {3}",
			"Appoint {0} as {1} from {2}, open-ended",
			"Allocate {0} for {1} in fiscal year {2}",
			"Sign off the management review of {0}",
			"Approve the objective {0}",
		)
	]


@pytest.fixture
def german_director(admin_api):
	before = admin_api.get_doc("User", CFO).get("language")
	admin_api.update("User", CFO, {"language": "de"})
	try:
		yield CFO
	finally:
		admin_api.update("User", CFO, {"language": before})


def test_german_director_reads_german(desk_as, admin_api, german_director):
	director = desk_as(german_director)
	assert director.page.evaluate("() => frappe.boot.lang") == "de"

	# the workspace: its name, number cards, the decisions block and the shortcuts in German
	director.goto("/app/isms-leadership")
	loading = director.page.locator(".widget .chart-loading-state:visible")
	expect(loading).to_have_count(0, timeout=60_000)
	director.wait_for_charts()
	director.settle()
	block = director.page.locator(".isms-decisions")
	expect(block.locator(".title")).to_have_text(de("Decisions Waiting for You"))
	expect(block.locator(".open")).to_have_text(de("Open the queue"))
	expect(block.locator(".list li").first).to_be_visible(timeout=60_000)
	main = director.page.locator(".layout-main-section")
	for english in (
		"Policies Overdue for Review",
		"Policy Acknowledgement Rate",
		"Mandatory ISMS Roles Vacant",
		"Policy Acknowledgements",
		"Leadership Evidence",
		"Policies (5.2)",
	):
		expect(main.get_by_text(de(english), exact=True).first).to_be_visible()
	expect(main.locator(".shortcut-widget-box", has_text=de("Decisions")).first).to_be_visible()
	expect(director.page.locator(".body-sidebar, .desk-sidebar").first).to_contain_text(de("ISMS Leadership"))
	# the queue's sentences are German too (the server says them in the user's language)
	first = director.call("isms_leadership.api.decisions.queue")[0]
	expect(block.locator(".list li a").first).to_have_text(first["what"])
	assert any(p.match(first["what"]) for p in sentence_patterns()), first["what"]
	director.page.evaluate("() => window.scrollTo(0, 0)")
	director.shot("08-workspace-de")

	# a published policy: the form's labels, its type and its state in German
	policy = admin_api.value(
		"Security Policy",
		{"company": COMPANY, "policy_type": "Information Security Policy", "status": "Published"},
		"name",
	)
	assert policy, f"{COMPANY} has no published information security policy; load the demo"
	director.open_form("Security Policy", policy)
	form = director.page.locator(".form-layout")
	for fieldname, english in (
		("policy_type", "Policy Type"),
		("policy_owner", "Policy Owner"),
		("scope", "Scope"),
		("content", "Content"),
	):
		label = director.field(fieldname, parent=".form-layout").locator(".control-label, .label-area").first
		expect(label).to_have_text(de(english))
	expect(director.field("policy_type", parent=".form-layout")).to_contain_text(
		de("Information Security Policy")
	)
	expect(form).to_contain_text("Informationssicherheit")
	expect(form).to_contain_text("Richtlinie")
	expect(director.page.locator(".page-head .indicator-pill").first).to_have_text(de("Published"))
	expect(director.page.locator("#navbar-breadcrumbs")).to_contain_text(de("Security Policy"))
	director.shot("09-policy-de")
