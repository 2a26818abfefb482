"""The permission matrix (isms_leadership/permission_matrix.json) is what every doctype's
DocPerms say, and it keeps the house rules: auditors change nothing, employees create and
delete nothing, nobody but a System Manager deletes an approved record's history."""

import json
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "isms_leadership"
MATRIX = json.loads((PACKAGE / "permission_matrix.json").read_text())
LETTERS = MATRIX["letters"]


def doctype_files():
	for path in sorted((PACKAGE / "isms_leadership" / "doctype").glob("*/*.json")):
		definition = json.loads(path.read_text())
		if definition.get("doctype") == "DocType" and not definition.get("istable"):
			yield definition


def rights(perm: dict) -> str:
	return "".join(
		letter if perm.get(right) else "-" for letter, right in zip(LETTERS, MATRIX["rights"], strict=True)
	)


@pytest.mark.parametrize("definition", list(doctype_files()), ids=lambda d: d["name"])
def test_docperms_are_the_matrix(definition):
	actual = {p["role"]: rights(p) for p in definition["permissions"] if p.get("permlevel", 0) == 0}
	assert actual == MATRIX["doctypes"][definition["name"]]


def test_every_doctype_is_in_the_matrix():
	assert set(MATRIX["doctypes"]) == {d["name"] for d in doctype_files()}


def test_auditors_change_nothing_but_ask_for_evidence_packs():
	for doctype, roles in MATRIX["doctypes"].items():
		auditor = roles.get("ISMS Auditor", "-------")
		assert auditor[0] == "r", f"auditors read {doctype}"
		if doctype == "ISMS Evidence Pack":
			assert auditor == "rwc----", (
				"auditors ask for (and again for) a pack; its results are the server's"
			)
		else:
			assert set(auditor[1:]) == {"-"}, f"auditors change nothing in {doctype}"


def test_employees_create_and_delete_nothing():
	for doctype, roles in MATRIX["doctypes"].items():
		employee = roles.get("Employee", "-------")
		assert employee[2:] == "-----", doctype


def test_every_company_record_has_the_company_rule():
	for definition in doctype_files():
		if any(f["fieldname"] == "company" and f["fieldtype"] == "Link" for f in definition["fields"]):
			if definition.get("issingle"):
				continue
			rules = MATRIX["record_rules"].get(definition["name"], [])
			assert "company" in rules, definition["name"]
