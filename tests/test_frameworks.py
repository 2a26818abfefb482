"""One record, three rulebooks: the catalogue the app ships and every rule NIS2 and DORA add,
each with facts that make it Met, At risk and Gap."""

import json
from dataclasses import replace
from pathlib import Path

import pytest

from isms_leadership.core import evidence as iso
from isms_leadership.core.evidence import Facts, Level, worst
from isms_leadership.core.frameworks import (
	DORA,
	EVIDENCE_KEYS,
	FRAMEWORKS,
	ISO_27001,
	MEASURE_POLICY,
	NIS2,
	RULES,
	Requirement,
	assess,
	frameworks_for,
	judge,
	measure_key,
	parse_evidence,
	scores,
)
from tests.catalogue import CATALOGUE, ROWS
from tests.test_evidence import GOOD as ISO_GOOD

PACKAGE = Path(__file__).resolve().parent.parent / "isms_leadership"
BY_NAME = {r.name: r for r in CATALOGUE}
NIS2_MEASURES = [r for r in CATALOGUE if r.framework == NIS2 and r.rule == MEASURE_POLICY]

#: the ISO/IEC 27001:2022 rows as the app judged them before they became data: (clause,
#: title) in clause order, and the rule of core.evidence behind each
ISO_BEFORE = (
	("5.1 a", "Policy and objectives established and compatible with the strategic direction"),
	("5.1 b", "ISMS integrated into the organisation's processes"),
	("5.1 c", "Resources needed for the ISMS are available"),
	("5.1 d", "Importance of information security communicated"),
	("5.1 e", "The ISMS achieves its intended outcomes"),
	("5.1 f", "Persons directed and supported to contribute"),
	("5.1 g", "Continual improvement promoted"),
	("5.1 h", "Other management roles supported"),
	("5.2 a", "Policy appropriate to the purpose of the organisation"),
	("5.2 b", "Policy includes objectives or a framework for them"),
	("5.2 c", "Policy commits to satisfy applicable requirements"),
	("5.2 d", "Policy commits to continual improvement"),
	("5.2 e", "Policy available as documented information"),
	("5.2 f", "Policy communicated within the organisation"),
	("5.2 g", "Policy available to interested parties"),
	("5.3 a", "Roles assigned to ensure the ISMS conforms"),
	("5.3 b", "Roles assigned to report on ISMS performance"),
	("A.5.1", "Policies for information security"),
	("A.5.2", "Information security roles and responsibilities"),
	("A.5.3", "Segregation of duties"),
	("A.5.4", "Management responsibilities"),
	("6.2", "Information security objectives and planning to achieve them"),
	("7.1", "Resources"),
	("7.3", "Awareness"),
	("7.4", "Communication"),
	("9.3.1", "Management review at planned intervals"),
	("9.3.2", "Management review inputs"),
	("9.3.2 d4", "Fulfilment of information security objectives reviewed"),
	("9.3.3", "Management review results"),
	("10.1", "Continual improvement"),
)
OBJECTIVES = lambda f: iso.statement(f, f.top_policy_has_objectives, "information security objectives")  # noqa: E731
ISO_RULES_BEFORE = {
	"5.1 a": OBJECTIVES,
	"5.1 b": iso.ownership,
	"5.1 c": iso.resources,
	"5.1 d": lambda f: worst(iso.leadership_communication(f), iso.communication(f)),
	"5.1 e": iso.review_interval,
	"5.1 f": iso.roles_filled,
	"5.1 g": iso.improvement,
	"5.1 h": iso.deputies,
	"5.2 a": iso.top_policy,
	"5.2 b": OBJECTIVES,
	"5.2 c": lambda f: iso.statement(
		f, f.top_policy_commits_to_requirements, "a commitment to applicable requirements"
	),
	"5.2 d": lambda f: iso.statement(
		f, f.top_policy_commits_to_improvement, "a commitment to continual improvement"
	),
	"5.2 e": iso.top_policy,
	"5.2 f": iso.communication,
	"5.2 g": iso.interested_parties,
	"5.3 a": iso.roles_filled,
	"5.3 b": iso.performance_reporting,
	"A.5.1": iso.policies_reviewed,
	"A.5.2": iso.roles_filled,
	"A.5.3": iso.segregation,
	"A.5.4": iso.leadership_commitment,
	"6.2": iso.objectives,
	"7.1": iso.resources,
	"7.3": iso.awareness,
	"7.4": lambda f: worst(iso.communication_plan(f), iso.communication(f)),
	"9.3.1": iso.review_interval,
	"9.3.2": iso.review_held,
	"9.3.2 d4": iso.objectives,
	"9.3.3": iso.review_outputs,
	"10.1": iso.improvement,
}


# the catalogue ---------------------------------------------------------------------------------


def test_the_catalogue_counts():
	counts = {framework: sum(1 for r in CATALOGUE if r.framework == framework) for framework in FRAMEWORKS}
	assert counts == {ISO_27001: 30, NIS2: 12, DORA: 11}
	assert len({r.name for r in CATALOGUE}) == len(CATALOGUE)
	assert all(row["is_standard"] == 1 and row["code"] == row["name"] for row in ROWS)


def test_the_iso_rows_moved_into_the_catalogue_unchanged():
	rows = [(r.reference, r.title) for r in CATALOGUE if r.framework == ISO_27001]
	assert rows == list(ISO_BEFORE)
	facts = [
		ISO_GOOD,
		Facts(),
		replace(ISO_GOOD, top_policy_review_overdue=True, actions_due_soon=("A1",)),
		replace(ISO_GOOD, mandatory_roles_vacant=("Risk Owner",), role_conflicts=1),
		replace(ISO_GOOD, last_review=None, review_overdue=True, allocations_this_year=()),
	]
	for requirement in (r for r in CATALOGUE if r.framework == ISO_27001):
		for f in facts:
			assert judge(f, requirement) == ISO_RULES_BEFORE[requirement.reference](f), requirement.name


def test_every_row_names_a_known_rule_known_records_and_cites_its_article():
	for r in CATALOGUE:
		assert r.rule in RULES, r.name
		assert r.evidence and not [k for k in r.evidence if k not in EVIDENCE_KEYS], r.name
		assert r.citation, r.name
	for r in CATALOGUE:
		if r.framework == NIS2:
			assert r.citation.startswith("Directive (EU) 2022/2555"), r.name
			assert r.reference.removeprefix("Art. ") in r.citation.replace("(2), point (", "(2)("), r.name
		if r.framework == DORA:
			assert r.citation.startswith("Regulation (EU) 2022/2554"), r.name
	assert [r.reference for r in NIS2_MEASURES] == [f"Art. 21(2)({c})" for c in "abcdefghij"]
	dora = [r.reference for r in CATALOGUE if r.framework == DORA]
	assert dora == [f"Art. 5(2)({c})" for c in "abcdefghi"] + ["Art. 5(4)", "Art. 6(5)"]


def test_the_rule_select_offers_every_rule():
	definition = json.loads(
		(PACKAGE / "isms_leadership" / "doctype" / "isms_requirement" / "isms_requirement.json").read_text()
	)
	fields = {f["fieldname"]: f for f in definition["fields"]}
	assert fields["rule"]["options"].split("\n") == list(RULES)
	assert fields["framework"]["options"].split("\n") == list(FRAMEWORKS)


def test_evidence_keys_are_read_one_a_line():
	assert parse_evidence("roles\nreview, approvals\n\nroles") == ("roles", "review", "approvals")
	req = Requirement("X", NIS2, "x", "x", MEASURE_POLICY, evidence=("measure", "review"))
	finding = iso.at_risk("x.", evidence=["review"])
	assert req.links_keys(finding) == ["review", measure_key("X")]


# NIS2 and DORA ---------------------------------------------------------------------------------

MEASURES_IN_FORCE = {m.name: (f"ISMS-POL-{i:05d}",) for i, m in enumerate(NIS2_MEASURES, start=1)}
DORA_MEASURES = {
	r.name: ("ISMS-POL-00099",) for r in CATALOGUE if r.framework == DORA and r.rule == MEASURE_POLICY
}
#: a company that meets every requirement of the three frameworks
GOOD = replace(
	ISO_GOOD,
	measure_policies={**MEASURES_IN_FORCE, **DORA_MEASURES},
	policy_titles={"ISMS-POL-00004": "Supplier Security Policy"},
	strategy="ISMS-POL-00100",
	strategy_states_risk_tolerance=True,
	audit_plan="ISMS-POL-00101",
	framework_reviewed_days_ago=40,
	reporting_channels=2,
)
SUPPLIER = BY_NAME["NIS2 Art. 21(2)(d)"]
WITHOUT_SUPPLIER = {k: v for k, v in GOOD.measure_policies.items() if k != SUPPLIER.name}

#: requirement -> (facts that put it at risk, facts that make it a gap)
CASES = {
	"NIS2 Art. 20(1)": (
		replace(GOOD, measure_policies=WITHOUT_SUPPLIER),
		replace(GOOD, review_overdue=True),
	),
	"NIS2 Art. 20(2)": (
		replace(GOOD, leaders_training_lapsed=("Dana Cole",)),
		replace(GOOD, leaders_never_trained=("Dana Cole",)),
	),
	**{
		m.name: (
			replace(GOOD, policies_overdue_for_review=MEASURES_IN_FORCE[m.name]),
			replace(GOOD, measure_policies={k: v for k, v in GOOD.measure_policies.items() if k != m.name}),
		)
		for m in NIS2_MEASURES
	},
	"DORA Art. 5(2)(a)": (
		replace(GOOD, approvals_not_by_top_management=("RA-0002",)),
		replace(GOOD, top_management_holders=0),
	),
	**{
		name: (
			replace(GOOD, policies_overdue_for_review=("ISMS-POL-00099",)),
			replace(GOOD, measure_policies=MEASURES_IN_FORCE),
		)
		for name in DORA_MEASURES
	},
	"DORA Art. 5(2)(c)": (
		replace(GOOD, assignments_not_accepted=1),
		replace(GOOD, mandatory_roles_vacant=("Top Management",)),
	),
	"DORA Art. 5(2)(d)": (
		replace(GOOD, policies_overdue_for_review=("ISMS-POL-00100",)),
		replace(GOOD, strategy=None),
	),
	"DORA Art. 5(2)(f)": (
		replace(GOOD, policies_overdue_for_review=("ISMS-POL-00101",)),
		replace(GOOD, audit_plan=None),
	),
	"DORA Art. 5(2)(g)": (
		replace(GOOD, budget_utilisation=104.0),
		replace(GOOD, training_allocated=0.0),
	),
	"DORA Art. 5(2)(i)": (
		replace(GOOD, reporting_channels_overdue=("ISMS performance report to the board",)),
		replace(GOOD, reporting_channels=0),
	),
	"DORA Art. 5(4)": (
		replace(GOOD, leaders_training_lapsed=("Dana Cole",)),
		replace(GOOD, leaders_never_trained=("Dana Cole",)),
	),
	"DORA Art. 6(5)": (
		replace(GOOD, framework_reviewed_days_ago=350),
		replace(GOOD, framework_reviewed_days_ago=366),
	),
}


def level(facts: Facts, name: str) -> Level:
	return judge(facts, BY_NAME[name], CATALOGUE).level


def test_every_nis2_and_dora_requirement_has_its_cases():
	assert set(CASES) == {r.name for r in CATALOGUE if r.framework in (NIS2, DORA)}


def test_a_company_that_does_everything_meets_all_three_frameworks():
	not_met = {r.name: f.text() for r, f in assess(GOOD, CATALOGUE) if f.level is not Level.MET}
	assert not_met == {}


@pytest.mark.parametrize("name", list(CASES))
def test_met(name):
	assert level(GOOD, name) is Level.MET


@pytest.mark.parametrize("name", list(CASES))
def test_at_risk(name):
	assert level(CASES[name][0], name) is Level.AT_RISK


@pytest.mark.parametrize("name", list(CASES))
def test_gap(name):
	assert level(CASES[name][1], name) is Level.GAP


def test_more_gaps_and_risks():
	assert level(replace(GOOD, strategy_states_risk_tolerance=False), "DORA Art. 5(2)(d)") is Level.GAP
	assert level(replace(GOOD, framework_reviewed_days_ago=None), "DORA Art. 6(5)") is Level.GAP
	assert level(replace(GOOD, allocations_this_year=()), "DORA Art. 5(2)(g)") is Level.GAP
	assert level(replace(GOOD, last_review=None, review_overdue=True), "DORA Art. 5(2)(a)") is Level.GAP
	assert (
		level(replace(GOOD, last_review_top_management_attended=False), "DORA Art. 5(2)(a)") is Level.AT_RISK
	)
	assert level(replace(GOOD, top_management_holders=0), "NIS2 Art. 20(2)") is Level.GAP
	nothing = replace(GOOD, measure_policies={})
	assert level(nothing, "NIS2 Art. 20(1)") is Level.GAP
	assert level(replace(GOOD, approvals_not_by_top_management=("RA-1",)), "NIS2 Art. 20(1)") is Level.AT_RISK
	overdue = replace(GOOD, policies_overdue_for_review=MEASURES_IN_FORCE[SUPPLIER.name])
	assert level(overdue, "NIS2 Art. 20(1)") is Level.AT_RISK


def test_a_measure_waiting_for_approval_is_a_gap_that_points_at_the_policy():
	facts = replace(
		GOOD,
		measure_policies=WITHOUT_SUPPLIER,
		measures_waiting={SUPPLIER.name: ("ISMS-POL-00004",)},
	)
	finding = judge(facts, SUPPLIER, CATALOGUE)
	assert finding.level is Level.GAP
	assert finding.text() == (
		"No approved policy answers this measure: Supplier Security Policy (ISMS-POL-00004) is not approved yet."
	)
	assert SUPPLIER.links_keys(finding) == [measure_key(SUPPLIER.name)]
	roll_up = judge(facts, BY_NAME["NIS2 Art. 20(1)"], CATALOGUE)
	assert roll_up.text() == "Measures without an approved policy: Art. 21(2)(d)."
	assert measure_key(SUPPLIER.name) in roll_up.evidence


def test_a_site_added_measure_joins_its_framework():
	extra = Requirement("NIS2 Local 1", NIS2, "Local 1", "Our own measure", MEASURE_POLICY, ("measure",))
	catalogue = [*CATALOGUE, extra]
	assert judge(GOOD, extra, catalogue).level is Level.GAP
	roll_up = judge(GOOD, BY_NAME["NIS2 Art. 20(1)"], catalogue)
	assert (roll_up.level, roll_up.text()) == (Level.AT_RISK, "Measures without an approved policy: Local 1.")
	tagged = replace(GOOD, measure_policies={**GOOD.measure_policies, extra.name: ("ISMS-POL-00077",)})
	assert judge(tagged, extra, catalogue).level is Level.MET


def test_an_unknown_rule_is_a_gap_that_says_so():
	finding = judge(GOOD, Requirement("X", NIS2, "X", "X", "no_such_rule"))
	assert (finding.level, finding.text()) == (
		Level.GAP,
		"The rule no_such_rule is not known to this version of the app.",
	)


def test_every_finding_reads_as_a_sentence():
	for facts in (GOOD, Facts(), *(case for pair in CASES.values() for case in pair)):
		for requirement, finding in assess(facts, CATALOGUE):
			text = finding.text()
			assert text.endswith("."), (requirement.name, text)
			assert "{" not in text, (requirement.name, text)


# which frameworks apply, and the score ----------------------------------------------------------


def test_frameworks_for_a_company():
	rows = [("Acme", NIS2), ("Acme", ISO_27001), ("Other", DORA)]
	assert frameworks_for("Acme", rows) == (ISO_27001, NIS2)
	assert frameworks_for("Other", rows) == (DORA,)
	assert frameworks_for("Nobody", rows) == (ISO_27001,)


def test_one_score_per_framework():
	facts = replace(GOOD, measure_policies=WITHOUT_SUPPLIER)
	assessed = assess(facts, CATALOGUE)
	by_framework = {s.framework: s for s in scores(assessed)}
	assert list(by_framework) == list(FRAMEWORKS)
	nis2 = by_framework[NIS2]
	assert (nis2.met, nis2.at_risk, nis2.gaps, nis2.total, nis2.percent) == (10, 1, 1, 12, 83.3)
	assert by_framework[ISO_27001].percent == 100.0
	only = scores(assessed, frameworks=(NIS2,))
	assert [s.framework for s in only] == [NIS2]
	assert scores([], frameworks=(DORA,))[0].percent == 0.0
