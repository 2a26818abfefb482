"""One leadership record, three rulebooks: ISO/IEC 27001:2022, NIS2 and DORA.

Which requirement is judged, by which rule and with which records is data: the catalogue of
requirements (``Requirement``), shipped with the app as fixtures (the doctype ISMS
Requirement) and extended by a site. Each row names its rule by a key of ``RULES``; a rule is a
pure function of the company's ``Facts`` (``isms_leadership.core.evidence``), the requirement
and the other requirements of its framework, and returns a ``Finding``.

The rules of ISO/IEC 27001:2022 are those of ``core.evidence`` under a name; NIS2 (Directive
(EU) 2022/2555, Articles 20 and 21(2)) and DORA (Regulation (EU) 2022/2554, Articles 5 and
6(5)) add the rules below, from the same facts.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from isms_leadership.core import evidence as iso
from isms_leadership.core.evidence import Facts, Finding, Level, at_risk, gap, met, names, overspent, worst
from isms_leadership.core.i18n import _

ISO_27001 = "ISO/IEC 27001:2022"
NIS2 = "NIS2"
DORA = "DORA"
#: in the order the report and the workspace show them
FRAMEWORKS = (ISO_27001, NIS2, DORA)
#: the framework a company is judged by when ISMS Settings switch on none for it (the app's
#: scope before NIS2 and DORA came)
DEFAULT_FRAMEWORKS = (ISO_27001,)
#: the acts, as cited
ACTS = {
	ISO_27001: "ISO/IEC 27001:2022",
	NIS2: "Directive (EU) 2022/2555 (NIS2)",
	DORA: "Regulation (EU) 2022/2554 (DORA)",
}

#: the rule that judges a measure by the approved policies that answer it
MEASURE_POLICY = "measure_policy"

#: what a requirement may point at: keys of Facts.links (``measure`` stands for the policies
#: of the requirement itself)
EVIDENCE_KEYS = (
	"top_policy",
	"policies",
	"acknowledgements",
	"roles",
	"approvals",
	"budget",
	"review",
	"actions",
	"objectives",
	"communication",
	"awareness",
	"measure",
	"strategy",
	"audit_plan",
)


@dataclass(frozen=True)
class Requirement:
	"""One row of the catalogue."""

	name: str
	framework: str
	reference: str
	title: str
	rule: str
	#: keys of EVIDENCE_KEYS: the records the requirement points at
	evidence: tuple[str, ...] = ()
	#: the act and article, as an auditor cites it
	citation: str = ""
	sort_order: int = 0

	def links_keys(self, finding: Finding) -> list[str]:
		"""Keys of Facts.links behind a finding: the finding's own, then what the requirement
		points at (``measure`` is the requirement's own policies)."""
		keys = list(finding.evidence)
		for key in self.evidence:
			keys.append(measure_key(self.name) if key == "measure" else key)
		return list(dict.fromkeys(keys))


def measure_key(requirement: str) -> str:
	"""The key of Facts.links that holds the policies answering ``requirement``."""
	return f"measure:{requirement}"


def parse_evidence(text: str | None) -> tuple[str, ...]:
	"""The evidence keys of a catalogue row, one a line (or separated by commas)."""
	parts = (part.strip() for line in (text or "").splitlines() for part in line.split(","))
	return tuple(dict.fromkeys(part for part in parts if part))


def unknown_evidence(keys: Iterable[str]) -> list[str]:
	return [key for key in keys if key not in EVIDENCE_KEYS]


# the rules NIS2 and DORA add --------------------------------------------------------------


def policy_label(f: Facts, name: str) -> str:
	title = f.policy_titles.get(name)
	return f"{title} ({name})" if title else name


def policy_labels(f: Facts, policy_names: Iterable[str]) -> str:
	return names([policy_label(f, name) for name in policy_names])


def measure_policy(f: Facts, req: Requirement, _siblings: Sequence[Requirement] = ()) -> Finding:
	"""A measure is met by a policy approved by top management, in force and
	reviewed on time, that says it answers the measure (its framework measures are part of what
	top management approved)."""
	key = measure_key(req.name)
	in_force = tuple(f.measure_policies.get(req.name, ()))
	waiting = tuple(f.measures_waiting.get(req.name, ()))
	if not in_force:
		if waiting:
			return gap(
				_("No approved policy answers this measure: {0} is not approved yet."),
				policy_labels(f, waiting),
				evidence=[key],
			)
		return gap(
			_(
				"No approved policy answers this measure: no policy in force lists it among its framework measures."
			)
		)
	overdue = [name for name in in_force if name in f.policies_overdue_for_review]
	if overdue:
		return at_risk(
			_("Answered by {0}, overdue for review."),
			policy_labels(f, overdue),
			evidence=[key],
		)
	return met(_("Approved by top management and in force: {0}."), policy_labels(f, in_force), evidence=[key])


def measures_approved(f: Facts, req: Requirement, siblings: Sequence[Requirement] = ()) -> Finding:
	"""NIS2 Art. 20(1): the management body approves the measures of Article 21 and oversees
	their implementation: every measure of the framework has an approved policy, and top
	management reviewed the ISMS within its interval."""
	measures = [s for s in siblings if s.rule == MEASURE_POLICY]
	if not measures:
		return gap(_("The catalogue lists no measure of this framework to approve."))
	unapproved = [m for m in measures if not f.measure_policies.get(m.name)]
	if len(unapproved) == len(measures):
		return gap(
			_("Top management has approved a policy for none of the {0} measures."),
			len(measures),
			evidence=["policies"],
		)
	if not f.last_review or f.review_overdue:
		return gap(
			_("Top management has not overseen the measures: no management review within its interval."),
			evidence=["review"],
		)
	if unapproved:
		return at_risk(
			_("Measures without an approved policy: {0}."),
			names([m.reference for m in unapproved]),
			evidence=[measure_key(m.name) for m in unapproved],
		)
	overdue = [
		m
		for m in measures
		if any(name in f.policies_overdue_for_review for name in f.measure_policies.get(m.name, ()))
	]
	if overdue:
		return at_risk(
			_("Measures whose policy is overdue for review: {0}."),
			names([m.reference for m in overdue]),
			evidence=["policies"],
		)
	if f.approvals_not_by_top_management:
		return at_risk(
			_("Approved without top management in the period: {0}."),
			names(f.approvals_not_by_top_management),
			evidence=["approvals"],
		)
	return met(
		_("Top management approved policies for all {0} measures and oversaw them in management review {1}."),
		len(measures),
		f.last_review,
		evidence=["review"],
	)


def management_body_training(f: Facts, _req=None, _siblings=()) -> Finding:
	"""NIS2 Art. 20(2), DORA Art. 5(4): the members of the management body follow training,
	regularly: a member who never did is a gap; training more than twelve months old is at risk."""
	if not f.top_management_holders:
		return gap(_("Nobody holds a top-management ISMS role."), evidence=["roles"])
	if f.leaders_never_trained:
		return gap(
			_("Members of top management who never followed security training: {0}."),
			names(f.leaders_never_trained),
			evidence=["awareness"],
		)
	if f.leaders_training_lapsed:
		return at_risk(
			_("Members of top management whose last security training is more than 12 months old: {0}."),
			names(f.leaders_training_lapsed),
			evidence=["awareness"],
		)
	return met(
		_("All {0} members of top management followed security training in the last 12 months."),
		f.top_management_holders,
		evidence=["awareness"],
	)


def ultimate_responsibility(f: Facts, _req=None, _siblings=()) -> Finding:
	"""DORA Art. 5(2)(a): the management body bears the ultimate responsibility for ICT risk:
	it is appointed, it reviewed the ISMS within its interval and it approves what is approved."""
	if not f.top_management_holders:
		return gap(_("Nobody holds a top-management ISMS role."), evidence=["roles"])
	if not f.last_review or f.review_overdue:
		return gap(
			_("Top management has not reviewed ICT risk: no management review within its interval."),
			evidence=["review"],
		)
	if not f.last_review_top_management_attended:
		return at_risk(
			_("Top management did not attend management review {0}."), f.last_review, evidence=["review"]
		)
	if f.approvals_not_by_top_management:
		return at_risk(
			_("Approved without top management in the period: {0}."),
			names(f.approvals_not_by_top_management),
			evidence=["approvals"],
		)
	return met(
		_(
			"{0} members of top management hold their role, approve every decision and reviewed ICT risk in {1}."
		),
		f.top_management_holders,
		f.last_review,
		evidence=["roles", "review"],
	)


def resilience_strategy(f: Facts, _req=None, _siblings=()) -> Finding:
	"""DORA Art. 5(2)(d), 6(8): the digital operational resilience strategy, with the ICT risk
	tolerance level, approved by the management body and in force."""
	if not f.strategy:
		return gap(_("No digital operational resilience strategy is approved."))
	if not f.strategy_states_risk_tolerance:
		return gap(
			_("The strategy {0} does not state the risk tolerance level for ICT risk."),
			policy_label(f, f.strategy),
			evidence=["strategy"],
		)
	if f.strategy in f.policies_overdue_for_review:
		return at_risk(
			_("The strategy {0} is overdue for review."), policy_label(f, f.strategy), evidence=["strategy"]
		)
	return met(
		_("The strategy {0}, with its ICT risk tolerance, is approved by top management and in force."),
		policy_label(f, f.strategy),
		evidence=["strategy"],
	)


def audit_plan(f: Facts, _req=None, _siblings=()) -> Finding:
	"""DORA Art. 5(2)(f): the ICT internal audit plan, approved and periodically reviewed."""
	if not f.audit_plan:
		return gap(_("No ICT internal audit plan is approved."))
	if f.audit_plan in f.policies_overdue_for_review:
		return at_risk(
			_("The ICT internal audit plan {0} is overdue for review."),
			policy_label(f, f.audit_plan),
			evidence=["audit_plan"],
		)
	return met(
		_("The ICT internal audit plan {0} is approved by top management and reviewed on time."),
		policy_label(f, f.audit_plan),
		evidence=["audit_plan"],
	)


def training_budget(f: Facts, _req=None, _siblings=()) -> Finding:
	"""DORA Art. 5(2)(g): a budget approved for the year, with ICT security awareness and
	training in it."""
	if not f.allocations_this_year:
		return gap(_("No resource allocation is approved for fiscal year {0}."), f.fiscal_year or "")
	if f.training_allocated <= 0:
		return gap(
			_("No budget for training and awareness is approved for fiscal year {0}."),
			f.fiscal_year or "",
			evidence=["budget"],
		)
	if f.budget_utilisation is not None and f.budget_utilisation > 100:
		return overspent(f)
	return met(
		_("The budget approved for fiscal year {0} includes {1} for training and awareness."),
		f.fiscal_year or "",
		f.training_allocated,
		evidence=["budget"],
	)


def reporting_channels(f: Facts, _req=None, _siblings=()) -> Finding:
	"""DORA Art. 5(2)(i): reporting channels that keep the management body informed: planned
	communications addressed to top management, kept up to date."""
	if not f.reporting_channels:
		return gap(
			_("No communication to top management is planned: the management body has no reporting channel."),
			evidence=["communication"],
		)
	if f.reporting_channels_overdue:
		return at_risk(
			_("Reports to top management overdue: {0}."),
			names(f.reporting_channels_overdue),
			evidence=["communication"],
		)
	return met(
		_("{0} planned reports reach top management and are up to date."),
		f.reporting_channels,
		evidence=["communication"],
	)


#: DORA Art. 6(5): at least once a year
FRAMEWORK_REVIEW_DAYS = 365


def framework_review(f: Facts, _req=None, _siblings=()) -> Finding:
	"""DORA Art. 6(5): the ICT risk management framework is documented and reviewed at least
	once a year: the information security policy or the strategy approved or reviewed within a
	year."""
	days = f.framework_reviewed_days_ago
	if days is None:
		return gap(
			_(
				"The ICT risk management framework is not documented: no information security policy or strategy is in force."
			)
		)
	if days > FRAMEWORK_REVIEW_DAYS:
		return gap(
			_(
				"The ICT risk management framework was last approved or reviewed {0} days ago, more than a year."
			),
			days,
			evidence=["top_policy", "strategy"],
		)
	if days > FRAMEWORK_REVIEW_DAYS - f.reminder_lead_days:
		return at_risk(
			_("The yearly review of the ICT risk management framework is due within {0} days."),
			FRAMEWORK_REVIEW_DAYS - days,
			evidence=["top_policy", "strategy"],
		)
	return met(
		_("The ICT risk management framework was approved or reviewed {0} days ago."),
		days,
		evidence=["top_policy", "strategy"],
	)


# the registry ---------------------------------------------------------------------------

Rule = Callable[[Facts, Requirement, Sequence[Requirement]], Finding]


def _facts_only(rule: Callable[[Facts], Finding]) -> Rule:
	return lambda f, _req=None, _siblings=(): rule(f)


#: every rule a catalogue row may name (the Select options of ISMS Requirement's Rule)
RULES: dict[str, Rule] = {
	# ISO/IEC 27001:2022, the rules of core.evidence
	"top_policy": _facts_only(iso.top_policy),
	"policy_states_objectives": _facts_only(
		lambda f: iso.statement(f, f.top_policy_has_objectives, _("information security objectives"))
	),
	"policy_commits_to_requirements": _facts_only(
		lambda f: iso.statement(
			f, f.top_policy_commits_to_requirements, _("a commitment to applicable requirements")
		)
	),
	"policy_commits_to_improvement": _facts_only(
		lambda f: iso.statement(
			f, f.top_policy_commits_to_improvement, _("a commitment to continual improvement")
		)
	),
	"ownership": _facts_only(iso.ownership),
	"resources": _facts_only(iso.resources),
	"importance_communicated": _facts_only(
		lambda f: worst(iso.leadership_communication(f), iso.communication(f))
	),
	"review_interval": _facts_only(iso.review_interval),
	"roles_filled": _facts_only(iso.roles_filled),
	"improvement": _facts_only(iso.improvement),
	"deputies": _facts_only(iso.deputies),
	"communication": _facts_only(iso.communication),
	"interested_parties": _facts_only(iso.interested_parties),
	"performance_reporting": _facts_only(iso.performance_reporting),
	"policies_reviewed": _facts_only(iso.policies_reviewed),
	"segregation": _facts_only(iso.segregation),
	"leadership_commitment": _facts_only(iso.leadership_commitment),
	"objectives": _facts_only(iso.objectives),
	"awareness": _facts_only(iso.awareness),
	"communication_plan": _facts_only(lambda f: worst(iso.communication_plan(f), iso.communication(f))),
	"review_held": _facts_only(iso.review_held),
	"review_outputs": _facts_only(iso.review_outputs),
	# NIS2 and DORA
	MEASURE_POLICY: measure_policy,
	"measures_approved": measures_approved,
	"management_body_training": management_body_training,
	"ultimate_responsibility": ultimate_responsibility,
	"resilience_strategy": resilience_strategy,
	"audit_plan": audit_plan,
	"training_budget": training_budget,
	"reporting_channels": reporting_channels,
	"framework_review": framework_review,
}


def judge(facts: Facts, requirement: Requirement, catalogue: Sequence[Requirement] = ()) -> Finding:
	"""The finding of one requirement; an unknown rule is a gap that says so."""
	rule = RULES.get(requirement.rule)
	if rule is None:
		return gap(_("The rule {0} is not known to this version of the app."), requirement.rule)
	siblings = [r for r in catalogue if r.framework == requirement.framework] or [requirement]
	return rule(facts, requirement, siblings)


def ordered(catalogue: Iterable[Requirement]) -> list[Requirement]:
	"""Framework by framework (in FRAMEWORKS order, others after), then the catalogue's order."""
	rank = {framework: i for i, framework in enumerate(FRAMEWORKS)}
	return sorted(
		catalogue, key=lambda r: (rank.get(r.framework, len(rank)), r.framework, r.sort_order, r.name)
	)


def assess(facts: Facts, catalogue: Iterable[Requirement]) -> list[tuple[Requirement, Finding]]:
	"""(requirement, finding) for every requirement of ``catalogue``, framework by framework."""
	rows = ordered(catalogue)
	return [(requirement, judge(facts, requirement, rows)) for requirement in rows]


# which frameworks apply to a company, and its score -------------------------------------------


def frameworks_for(company: str, switched_on: Iterable[tuple[str, str]]) -> tuple[str, ...]:
	"""The frameworks that apply to ``company``, from the (company, framework) rows of ISMS
	Settings, in FRAMEWORKS order; ISO/IEC 27001:2022 alone when none is switched on for it."""
	chosen = {framework for row_company, framework in switched_on if row_company == company}
	if not chosen:
		return DEFAULT_FRAMEWORKS
	return tuple(f for f in FRAMEWORKS if f in chosen) + tuple(sorted(chosen - set(FRAMEWORKS)))


@dataclass(frozen=True)
class Score:
	framework: str
	met: int
	at_risk: int
	gaps: int

	@property
	def total(self) -> int:
		return self.met + self.at_risk + self.gaps

	@property
	def percent(self) -> float:
		"""The share of requirements met, one decimal (0 when there is none)."""
		return round(100.0 * self.met / self.total, 1) if self.total else 0.0


def scores(
	assessed: Iterable[tuple[Requirement, Finding]], frameworks: Sequence[str] | None = None
) -> list[Score]:
	"""One score per framework (those of ``frameworks``, in their order, when given)."""
	counts: dict[str, dict[Level, int]] = {}
	for requirement, finding in assessed:
		counts.setdefault(requirement.framework, dict.fromkeys(Level, 0))[finding.level] += 1
	order = list(frameworks) if frameworks is not None else [f for f in FRAMEWORKS if f in counts]
	order += [f for f in counts if f not in order and frameworks is None]
	return [
		Score(
			framework,
			counts.get(framework, {}).get(Level.MET, 0),
			counts.get(framework, {}).get(Level.AT_RISK, 0),
			counts.get(framework, {}).get(Level.GAP, 0),
		)
		for framework in order
	]


def requirement_from(row: Mapping) -> Requirement:
	"""A catalogue row (a record or the fixture's dict) as a Requirement."""
	evidence = row.get("evidence")
	return Requirement(
		name=row["name"],
		framework=row["framework"],
		reference=row["reference"],
		title=row["title"],
		rule=row["rule"],
		evidence=tuple(evidence) if isinstance(evidence, list | tuple) else parse_evidence(evidence),
		citation=row.get("citation") or "",
		sort_order=int(row.get("sort_order") or 0),
	)
