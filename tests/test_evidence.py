"""Every Leadership Evidence requirement of ISO/IEC 27001:2022, with facts that make it Met,
At risk and Gap. The requirements are the rows of the catalogue the app ships
(isms_leadership/fixtures/isms_requirement.json)."""

from dataclasses import replace

import pytest

from isms_leadership.core.evidence import Facts, Level
from isms_leadership.core.frameworks import ISO_27001
from isms_leadership.core.frameworks import assess as assess_catalogue
from tests.catalogue import CATALOGUE

ISO_ROWS = [r for r in CATALOGUE if r.framework == ISO_27001]


def assess(facts: Facts):
	"""(clause, title, finding) for every ISO/IEC 27001:2022 row, in clause order."""
	return [(r.reference, r.title, finding) for r, finding in assess_catalogue(facts, ISO_ROWS)]


#: a company that meets everything
GOOD = Facts(
	top_policy="ISMS-POL-00001",
	top_policy_has_objectives=True,
	top_policy_commits_to_requirements=True,
	top_policy_commits_to_improvement=True,
	top_policy_available_to_interested_parties=True,
	acknowledgements_asked=100,
	acknowledgement_rate=96.0,
	performance_reporter_held=True,
	isms_role_departments=3,
	isms_role_holders=7,
	fiscal_year="2026",
	allocations_this_year=("ISMS-ALLOC-2026-00001",),
	training_allocated=5000.0,
	last_review="ISMS-MR-2026-001",
	review_overdue=False,
	last_review_top_management_attended=True,
	last_review_decisions=3,
	objectives_approved=3,
	planned_communications=4,
	top_management_communications=2,
	top_management_holders=2,
)
NO_POLICY = replace(GOOD, top_policy=None)
NO_REVIEW = replace(GOOD, last_review=None, review_overdue=True)
NO_BUDGET = replace(GOOD, allocations_this_year=(), training_allocated=0.0)

#: requirement -> (facts that put it at risk, facts that make it a gap)
CASES = {
	"5.1 a": (replace(GOOD, top_policy_review_overdue=True), replace(GOOD, top_policy_has_objectives=False)),
	"5.1 b": (
		replace(GOOD, isms_role_departments=1),
		replace(GOOD, isms_role_holders=0, isms_role_departments=0),
	),
	"5.1 c": (replace(GOOD, budget_utilisation=120.0), NO_BUDGET),
	"5.1 d": (
		replace(GOOD, top_management_communications=0),
		replace(GOOD, acknowledgements_asked=0, acknowledgement_rate=None),
	),
	"5.1 e": (replace(GOOD, review_due_soon=True), replace(GOOD, review_overdue=True)),
	"5.1 f": (
		replace(GOOD, assignments_not_accepted=2),
		replace(GOOD, mandatory_roles_vacant=("Internal Auditor",)),
	),
	"5.1 g": (
		replace(GOOD, actions_due_soon=("ISMS-ACT-2026-00003",)),
		replace(GOOD, actions_overdue=("ISMS-ACT-2026-00001",)),
	),
	"5.1 h": (
		replace(GOOD, roles_without_deputy=("Information Security Manager",)),
		replace(GOOD, mandatory_roles_vacant=("Risk Owner",)),
	),
	"5.2 a": (replace(GOOD, top_policy_review_overdue=True), NO_POLICY),
	"5.2 b": (replace(GOOD, top_policy_review_overdue=True), replace(GOOD, top_policy_has_objectives=False)),
	"5.2 c": (
		replace(GOOD, top_policy_review_overdue=True),
		replace(GOOD, top_policy_commits_to_requirements=False),
	),
	"5.2 d": (
		replace(GOOD, top_policy_review_overdue=True),
		replace(GOOD, top_policy_commits_to_improvement=False),
	),
	"5.2 e": (replace(GOOD, top_policy_review_overdue=True), NO_POLICY),
	"5.2 f": (replace(GOOD, acknowledgement_rate=89.9), replace(GOOD, acknowledgements_asked=0)),
	"5.2 g": (replace(GOOD, top_policy_available_to_interested_parties=False), NO_POLICY),
	"5.3 a": (
		replace(GOOD, assignments_not_accepted=1),
		replace(GOOD, mandatory_roles_vacant=("Top Management",)),
	),
	"5.3 b": (
		replace(GOOD, performance_reporter_accepted=False),
		replace(GOOD, performance_reporter_held=False),
	),
	"A.5.1": (replace(GOOD, policies_overdue_for_review=("ISMS-POL-00002",)), NO_POLICY),
	"A.5.2": (
		replace(GOOD, assignments_not_accepted=1),
		replace(GOOD, mandatory_roles_vacant=("Asset Owner",)),
	),
	"A.5.3": (replace(GOOD, most_roles_held_by_one=3), replace(GOOD, role_conflicts=1)),
	"A.5.4": (
		replace(GOOD, approvals_not_by_top_management=("RA-0001",)),
		replace(GOOD, last_review_top_management_attended=False),
	),
	"6.2": (
		replace(GOOD, objectives_not_measured=("ISMS-OBJ-00002",)),
		replace(GOOD, objectives_approved=0),
	),
	"7.1": (replace(GOOD, budget_utilisation=101.0), NO_BUDGET),
	"7.3": (replace(GOOD, acknowledgement_rate=50.0), replace(GOOD, leaders_lacking_awareness=("Dana",))),
	"7.4": (
		replace(GOOD, plan_rows_overdue=("Quarterly newsletter",)),
		replace(GOOD, policies_not_communicated=("ISMS-POL-00003",)),
	),
	"9.3.1": (replace(GOOD, review_due_soon=True), NO_REVIEW),
	"9.3.2": (
		replace(GOOD, last_review_facts_age_days=45),
		replace(GOOD, last_review_top_management_attended=False),
	),
	"9.3.2 d4": (
		replace(GOOD, objectives_off_track=("ISMS-OBJ-00001",)),
		replace(GOOD, objectives_approved=0),
	),
	"9.3.3": (replace(GOOD, last_review_decisions=0), NO_REVIEW),
	"10.1": (
		replace(GOOD, actions_due_soon=("ISMS-ACT-2026-00004",)),
		replace(GOOD, actions_overdue=("ISMS-ACT-2026-00002",)),
	),
}


def level_of(facts: Facts, requirement: str) -> Level:
	return next(finding.level for code, _title, finding in assess(facts) if code == requirement)


def test_every_requirement_of_the_issue_is_assessed_in_clause_order():
	codes = [r.reference for r in ISO_ROWS]
	assert codes == list(CASES)
	assert codes[:8] == [f"5.1 {c}" for c in "abcdefgh"]
	assert codes[8:15] == [f"5.2 {c}" for c in "abcdefg"]


def test_a_company_that_does_everything_meets_everything():
	assert {code: finding.level for code, _t, finding in assess(GOOD)} == {code: Level.MET for code in CASES}


@pytest.mark.parametrize("requirement", list(CASES))
def test_gap(requirement):
	assert level_of(CASES[requirement][1], requirement) is Level.GAP


@pytest.mark.parametrize("requirement", list(CASES))
def test_at_risk(requirement):
	assert level_of(CASES[requirement][0], requirement) is Level.AT_RISK


def test_every_finding_reads_as_a_sentence():
	for facts in (GOOD, NO_POLICY, NO_REVIEW, NO_BUDGET, Facts()):
		for code, _title, finding in assess(facts):
			text = finding.text()
			assert text.endswith("."), (code, text)
			assert "{" not in text, (code, text)


def test_long_lists_are_shortened():
	facts = replace(GOOD, actions_overdue=tuple(f"A{i}" for i in range(8)))
	finding = next(f for code, _t, f in assess(facts) if code == "10.1")
	assert finding.text() == "Actions overdue: A0, A1, A2, A3, A4 and 3 more."


def test_more_gaps_of_leadership_in_practice():
	assert level_of(replace(GOOD, training_allocated=0.0), "7.3") is Level.GAP
	assert level_of(replace(GOOD, top_management_holders=0), "7.3") is Level.GAP
	assert level_of(replace(GOOD, planned_communications=0), "7.4") is Level.GAP
	assert level_of(replace(GOOD, acknowledgement_rate=10.0), "7.4") is Level.AT_RISK
	assert level_of(replace(GOOD, acknowledgements_asked=0), "5.1 d") is Level.GAP
	assert level_of(replace(GOOD, objectives_without_policy=("ISMS-OBJ-00004",)), "6.2") is Level.AT_RISK
	assert level_of(replace(GOOD, objectives_at_risk=("ISMS-OBJ-00004",)), "6.2") is Level.AT_RISK
