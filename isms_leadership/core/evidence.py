"""Leadership evidence: for each requirement an auditor checks, Met, At risk or Gap, and why.

Every rule is a pure function of one ``Facts`` value gathered in one place
(isms_leadership.queries.evidence). A rule returns a ``Finding``; the report adds the links.
Which requirement a rule judges is data, the catalogue of requirements
(``isms_leadership.core.frameworks``): the rules of ISO/IEC 27001:2022 are here, those NIS2
and DORA add are there.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from isms_leadership.core.i18n import _


class Level(str, Enum):
	MET = "Met"
	AT_RISK = "At risk"
	GAP = "Gap"


@dataclass(frozen=True)
class Facts:
	"""What the records say about a company's ISMS leadership on a day."""

	top_policy: str | None = None
	top_policy_has_objectives: bool = False
	top_policy_commits_to_requirements: bool = False
	top_policy_commits_to_improvement: bool = False
	top_policy_available_to_interested_parties: bool = False
	top_policy_review_overdue: bool = False
	policies_overdue_for_review: tuple[str, ...] = ()
	acknowledgements_asked: int = 0
	acknowledgement_rate: float | None = None
	acknowledgement_threshold: float = 90.0
	mandatory_roles_vacant: tuple[str, ...] = ()
	roles_without_deputy: tuple[str, ...] = ()
	assignments_not_accepted: int = 0
	role_conflicts: int = 0
	performance_reporter_held: bool = False
	performance_reporter_accepted: bool = True
	most_roles_held_by_one: int = 0
	isms_role_departments: int = 0
	isms_role_holders: int = 0
	fiscal_year: str | None = None
	allocations_this_year: tuple[str, ...] = ()
	training_allocated: float = 0.0
	budget_utilisation: float | None = None
	#: when the spending behind ``budget_utilisation`` was read from the General Ledger
	budget_as_of: str = ""
	last_review: str | None = None
	review_overdue: bool = True
	review_due_soon: bool = False
	last_review_top_management_attended: bool = False
	last_review_decisions: int = 0
	last_review_facts_age_days: int = 0
	actions_overdue: tuple[str, ...] = ()
	actions_due_soon: tuple[str, ...] = ()
	approvals_not_by_top_management: tuple[str, ...] = ()
	objectives_approved: int = 0
	objectives_off_track: tuple[str, ...] = ()
	objectives_at_risk: tuple[str, ...] = ()
	objectives_not_measured: tuple[str, ...] = ()
	objectives_without_policy: tuple[str, ...] = ()
	planned_communications: int = 0
	plan_rows_overdue: tuple[str, ...] = ()
	policies_not_communicated: tuple[str, ...] = ()
	communication_due_days: int = 14
	top_management_communications: int = 0
	top_management_holders: int = 0
	leaders_lacking_awareness: tuple[str, ...] = ()
	#: top-management holders who never followed security training, or not in 12 months
	leaders_never_trained: tuple[str, ...] = ()
	leaders_training_lapsed: tuple[str, ...] = ()
	#: the policies in force (published, current version) that answer each framework measure
	#: (requirement name -> policy names), and those on their way to approval
	measure_policies: dict = field(default_factory=dict)
	measures_waiting: dict = field(default_factory=dict)
	#: policy name -> its title, to name policies in a sentence
	policy_titles: dict = field(default_factory=dict)
	#: DORA: the digital operational resilience strategy and the ICT internal audit plan in force
	strategy: str | None = None
	strategy_states_risk_tolerance: bool = False
	audit_plan: str | None = None
	#: days since the ICT risk management framework (the information security policy, the
	#: strategy) was last approved or reviewed; None when neither is in force
	framework_reviewed_days_ago: int | None = None
	reminder_lead_days: int = 30
	#: planned communications that report to top management, and those overdue
	reporting_channels: int = 0
	reporting_channels_overdue: tuple[str, ...] = ()
	links: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Finding:
	level: Level
	reason: str
	args: tuple = ()
	#: keys of Facts.links whose records evidence the finding
	evidence: tuple[str, ...] = ()

	def text(self, translate=None) -> str:
		template = translate(self.reason) if translate else self.reason
		return template.format(*self.args)


def met(reason, *args, evidence=()):
	return Finding(Level.MET, reason, args, tuple(evidence))


def at_risk(reason, *args, evidence=()):
	return Finding(Level.AT_RISK, reason, args, tuple(evidence))


def gap(reason, *args, evidence=()):
	return Finding(Level.GAP, reason, args, tuple(evidence))


def worst(*findings: Finding) -> Finding:
	"""The most severe of ``findings`` (the first of equals)."""
	order = {Level.GAP: 0, Level.AT_RISK: 1, Level.MET: 2}
	return min(findings, key=lambda finding: order[finding.level])


def names(items, limit: int = 5) -> str:
	items = list(items)
	shown = ", ".join(items[:limit])
	return shown + (_(" and {0} more").format(len(items) - limit) if len(items) > limit else "")


# building blocks -----------------------------------------------------------------------


def top_policy(f: Facts) -> Finding:
	if not f.top_policy:
		return gap(_("No information security policy is published."))
	if f.top_policy_review_overdue:
		return at_risk(
			_("Information security policy {0} is overdue for review."), f.top_policy, evidence=["top_policy"]
		)
	return met(_("Information security policy {0} is published."), f.top_policy, evidence=["top_policy"])


def statement(f: Facts, present: bool, what: str) -> Finding:
	if not f.top_policy:
		return gap(_("No information security policy is published."))
	if not present:
		return gap(
			_("The published policy {0} does not state {1}."), f.top_policy, what, evidence=["top_policy"]
		)
	if f.top_policy_review_overdue:
		return at_risk(
			_("The published policy {0} states {1}, but it is overdue for review."),
			f.top_policy,
			what,
			evidence=["top_policy"],
		)
	return met(_("The published policy {0} states {1}."), f.top_policy, what, evidence=["top_policy"])


def communication(f: Facts) -> Finding:
	if not f.acknowledgements_asked:
		return gap(_("No published policy has asked employees to acknowledge it."))
	rate = f.acknowledgement_rate or 0.0
	if rate < f.acknowledgement_threshold:
		return at_risk(
			_("{0}% of employees asked have acknowledged the policies in force, below the {1}% expected."),
			rate,
			f.acknowledgement_threshold,
			evidence=["acknowledgements"],
		)
	return met(
		_("{0}% of employees asked have acknowledged the policies in force."),
		rate,
		evidence=["acknowledgements"],
	)


def policies_reviewed(f: Facts) -> Finding:
	base = top_policy(f)
	if base.level is Level.GAP:
		return base
	if f.policies_overdue_for_review:
		return at_risk(
			_("Policies overdue for review: {0}."),
			names(f.policies_overdue_for_review),
			evidence=["policies"],
		)
	communicated = communication(f)
	if communicated.level is not Level.MET:
		return communicated
	return met(
		_("Policies are approved, published, acknowledged and reviewed on time."),
		evidence=["top_policy", "policies", "acknowledgements"],
	)


def roles_filled(f: Facts) -> Finding:
	if f.mandatory_roles_vacant:
		return gap(
			_("Mandatory ISMS roles vacant: {0}."), names(f.mandatory_roles_vacant), evidence=["roles"]
		)
	if f.assignments_not_accepted:
		return at_risk(
			_("All mandatory roles are filled, but {0} appointees have not accepted their role."),
			f.assignments_not_accepted,
			evidence=["roles"],
		)
	return met(_("All mandatory ISMS roles are filled and accepted."), evidence=["roles"])


def deputies(f: Facts) -> Finding:
	if f.mandatory_roles_vacant:
		return gap(
			_("Mandatory ISMS roles vacant: {0}."), names(f.mandatory_roles_vacant), evidence=["roles"]
		)
	if f.roles_without_deputy:
		return at_risk(
			_("Roles without the deputy they require: {0}."),
			names(f.roles_without_deputy),
			evidence=["roles"],
		)
	return met(_("Every role that requires a deputy has one."), evidence=["roles"])


def ownership(f: Facts) -> Finding:
	"""Delegation without ownership: decisions not taken by top management, or the ISMS run
	as one department's project."""
	if f.approvals_not_by_top_management:
		return at_risk(
			_("Approved without top management in the period: {0}."),
			names(f.approvals_not_by_top_management),
			evidence=["approvals"],
		)
	if f.isms_role_holders > 1 and f.isms_role_departments == 1:
		return at_risk(
			_(
				"All {0} ISMS role holders sit in one department: the ISMS looks like one department's project."
			),
			f.isms_role_holders,
			evidence=["roles"],
		)
	if not f.isms_role_holders:
		return gap(_("Nobody holds an ISMS role."), evidence=["roles"])
	return met(
		_("Top management approved every decision and ISMS roles span {0} departments."),
		f.isms_role_departments,
		evidence=["roles", "approvals"],
	)


def resources(f: Facts) -> Finding:
	if not f.allocations_this_year:
		return gap(_("No resource allocation is approved for fiscal year {0}."), f.fiscal_year or "")
	if f.budget_utilisation is not None and f.budget_utilisation > 100:
		return overspent(f)
	if f.budget_utilisation is not None:
		return met(
			_("Resources approved for fiscal year {0}: {1}; {2}% of them spent (General Ledger as of {3})."),
			f.fiscal_year or "",
			names(f.allocations_this_year),
			f.budget_utilisation,
			f.budget_as_of,
			evidence=["budget"],
		)
	return met(
		_("Resources approved for fiscal year {0}: {1}."),
		f.fiscal_year or "",
		names(f.allocations_this_year),
		evidence=["budget"],
	)


def overspent(f: Facts) -> Finding:
	"""Spending beyond the approved security budget, with the time the ledger was read."""
	return at_risk(
		_(
			"Spending is at {0}% of the security budget approved for fiscal year {1} (General Ledger as of {2})."
		),
		f.budget_utilisation,
		f.fiscal_year or "",
		f.budget_as_of,
		evidence=["budget"],
	)


def awareness(f: Facts) -> Finding:
	if not f.allocations_this_year:
		return gap(_("No resource allocation is approved for fiscal year {0}."), f.fiscal_year or "")
	if f.training_allocated <= 0:
		return gap(
			_("No budget for training and awareness is approved for fiscal year {0}."),
			f.fiscal_year or "",
			evidence=["budget"],
		)
	base = worst(communication(f), leadership_awareness(f))
	if base.level is not Level.MET:
		return base
	return met(
		_("Training and awareness are funded, policies acknowledged and top management is aware."),
		evidence=["budget", "acknowledgements", "awareness"],
	)


def leadership_awareness(f: Facts) -> Finding:
	"""Leaders lead by example: every top-management holder completed security awareness in
	the last twelve months and acknowledged the information security policy in force."""
	if not f.top_management_holders:
		return gap(_("Nobody holds a top-management ISMS role."), evidence=["roles"])
	if f.leaders_lacking_awareness:
		return gap(
			_(
				"Top management without security awareness in the last 12 months or without acknowledging the policy in force: {0}."
			),
			names(f.leaders_lacking_awareness),
			evidence=["awareness"],
		)
	return met(
		_("All {0} top-management holders completed security awareness and acknowledged the policy."),
		f.top_management_holders,
		evidence=["awareness"],
	)


def objectives(f: Facts) -> Finding:
	"""6.2: objectives approved, measured, and fulfilled or on their way."""
	if not f.objectives_approved:
		return gap(_("No information security objective is approved."), evidence=["objectives"])
	if f.objectives_off_track or f.objectives_not_measured:
		return at_risk(
			_("Objectives off track: {0}; not measured when due: {1}."),
			names(f.objectives_off_track) or _("none"),
			names(f.objectives_not_measured) or _("none"),
			evidence=["objectives"],
		)
	if f.objectives_without_policy:
		return at_risk(
			_("Objectives that serve no policy: {0}."),
			names(f.objectives_without_policy),
			evidence=["objectives"],
		)
	if f.objectives_at_risk:
		return at_risk(_("Objectives at risk: {0}."), names(f.objectives_at_risk), evidence=["objectives"])
	return met(
		_("{0} approved objectives are measured and on track or achieved."),
		f.objectives_approved,
		evidence=["objectives"],
	)


def communication_plan(f: Facts) -> Finding:
	"""7.4: what is communicated, when and by whom is planned, and done."""
	if not f.planned_communications:
		return gap(_("No communication about information security is planned."), evidence=["communication"])
	if f.policies_not_communicated:
		return gap(
			_("Policies published without being communicated within {0} days: {1}."),
			f.communication_due_days,
			names(f.policies_not_communicated),
			evidence=["communication"],
		)
	if f.plan_rows_overdue:
		return at_risk(
			_("Planned communications overdue: {0}."), names(f.plan_rows_overdue), evidence=["communication"]
		)
	return met(
		_("{0} planned communications are kept up to date."),
		f.planned_communications,
		evidence=["communication"],
	)


def leadership_communication(f: Facts) -> Finding:
	"""5.1 d: top management itself communicates the importance of information security."""
	if not f.top_management_communications:
		return at_risk(
			_("Top management recorded no communication about information security in the last 12 months."),
			evidence=["communication"],
		)
	return met(
		_("Top management communicated about information security {0} times in the last 12 months."),
		f.top_management_communications,
		evidence=["communication"],
	)


def review_interval(f: Facts) -> Finding:
	if not f.last_review:
		return gap(_("No management review has been completed."))
	if f.review_overdue:
		return gap(
			_("The next management review is overdue; the last was {0}."), f.last_review, evidence=["review"]
		)
	if f.review_due_soon:
		return at_risk(
			_("The next management review is due soon; the last was {0}."), f.last_review, evidence=["review"]
		)
	return met(
		_("The last management review {0} is within its interval."), f.last_review, evidence=["review"]
	)


def review_held(f: Facts) -> Finding:
	if not f.last_review:
		return gap(_("No management review has been completed."))
	if not f.last_review_top_management_attended:
		return gap(
			_("Top management did not attend management review {0}."), f.last_review, evidence=["review"]
		)
	if f.last_review_facts_age_days > 30:
		return at_risk(
			_("Management review {0} started from facts gathered {1} days before it was held."),
			f.last_review,
			f.last_review_facts_age_days,
			evidence=["review"],
		)
	return met(
		_("Management review {0} considered every input with top management present."),
		f.last_review,
		evidence=["review"],
	)


def review_outputs(f: Facts) -> Finding:
	if not f.last_review:
		return gap(_("No management review has been completed."))
	if not f.last_review_decisions:
		return at_risk(_("Management review {0} recorded no decision."), f.last_review, evidence=["review"])
	return met(
		_("Management review {0} recorded {1} decisions as actions."),
		f.last_review,
		f.last_review_decisions,
		evidence=["review", "actions"],
	)


def improvement(f: Facts) -> Finding:
	if f.actions_overdue:
		return gap(_("Actions overdue: {0}."), names(f.actions_overdue), evidence=["actions"])
	if not f.last_review:
		return gap(_("No management review has been completed."))
	if f.actions_due_soon:
		return at_risk(
			_("Actions due within two weeks: {0}."), names(f.actions_due_soon), evidence=["actions"]
		)
	return met(_("No action from management reviews is overdue."), evidence=["actions"])


def segregation(f: Facts) -> Finding:
	if f.role_conflicts:
		return gap(_("{0} holders hold conflicting ISMS roles."), f.role_conflicts, evidence=["roles"])
	if f.most_roles_held_by_one >= 3:
		return at_risk(
			_("One person holds {0} ISMS roles: duties are concentrated."),
			f.most_roles_held_by_one,
			evidence=["roles"],
		)
	return met(_("No holder of an ISMS role holds a conflicting one."), evidence=["roles"])


def performance_reporting(f: Facts) -> Finding:
	if not f.performance_reporter_held:
		return gap(
			_("Nobody holds the role that reports ISMS performance to top management."), evidence=["roles"]
		)
	if not f.performance_reporter_accepted:
		return at_risk(_("The ISMS performance reporter has not accepted the role."), evidence=["roles"])
	return met(_("The ISMS performance reporter role is held."), evidence=["roles"])


def interested_parties(f: Facts) -> Finding:
	if not f.top_policy:
		return gap(_("No information security policy is published."))
	if not f.top_policy_available_to_interested_parties:
		return at_risk(
			_("Policy {0} is not marked available to interested parties."),
			f.top_policy,
			evidence=["top_policy"],
		)
	return met(_("Policy {0} is available to interested parties."), f.top_policy, evidence=["top_policy"])


def leadership_commitment(f: Facts) -> Finding:
	worst = review_held(f)
	if worst.level is Level.MET:
		return ownership(f)
	return worst
