"""The demo: ISMS Demo Ltd, a company of sixty people that has lived with its ISMS for a year.

``bench --site <site> isms-demo`` (``isms_leadership/commands.py``) loads it; ``load()`` is the
loader and never commits (the command does), so a test can run it in its own transaction.

Everything goes through the controllers and workflows a user meets, as the person who would
do it: HR appoints, the ISMS Manager drafts, finance reviews, the directors approve, employees
acknowledge, owners report on their actions. The year is replayed: each step runs with the
clock set to its own day (relative to today), so approval times, acknowledgement dates, due
dates, overdue acknowledgements and actions come out as they would have. Dates in the future
never happen.

Nothing is made twice. Each record is looked up by a natural key (a login, a title, a
purpose) and left as it is when it exists; the history of a record (its approvals, its
acknowledgements, the spending against a budget) is replayed only when the record is made in
the same run. A second run therefore creates and changes nothing, and says so.

The story is told by topic, in the modules of this package, and its tables and texts (the
people, the policies, the appointments, the reviews, the budget, the objectives, the
communication plan, awareness) are the JSON files of ``data/``, each saying what it holds:

- ``base``: the company's names, logins, the run (``Demo``), ``as_user``, ``transition``;
  ``clock``: the replayed year
- ``company``: the company, its fiscal year and ledger; ``people``: users and employees
- ``roles``, ``policies``, ``reviews``, ``budget``, ``actions`` (of the first review),
  ``pending`` (what waits for the director), ``jobs`` (the daily jobs), ``census`` (the count
  and the summary)

More of the demo (objectives, communication, awareness: ``practice``; the frameworks switched
on: ``frameworks``) is loaded by the modules in ``EXTENSIONS``, after the people, roles,
policies, budget and reviews exist.
"""

from __future__ import annotations

from collections.abc import Callable

import frappe
from frappe.utils import add_days

from isms_leadership.demo.actions import action_for, close_first_review_actions, report_on_action
from isms_leadership.demo.base import (
	ABBR,
	COMPANY,
	CURRENCY,
	DEFAULT_PASSWORD,
	DOMAIN,
	REVIEW_DAYS_AGO,
	TOPIC,
	Demo,
	as_user,
	content,
	data,
	hashed,
	login,
	transition,
)
from isms_leadership.demo.budget import (
	PLATFORM,
	PROGRAMME,
	SIEM,
	Allocation,
	allocation_named,
	book_spending,
	draft_allocation,
	fund_security,
	post_journal_entry,
	take_through_finance,
)
from isms_leadership.demo.census import CENSUS, census, report
from isms_leadership.demo.clock import Clock
from isms_leadership.demo.company import (
	SECURITY_ACCOUNTS,
	SECURITY_COST_CENTER,
	account,
	cost_center,
	ensure_company,
	ensure_fiscal_year,
	ensure_ledger,
)
from isms_leadership.demo.jobs import DAILY_JOBS, run_daily_jobs
from isms_leadership.demo.pending import prepare_pending_work
from isms_leadership.demo.people import (
	LEADERS,
	LEAVER,
	LOGINS,
	PEOPLE,
	STAFF,
	Person,
	ensure_people,
	record_leaver,
)
from isms_leadership.demo.policies import (
	ACCESS_CONTROL_V2,
	RECENT_POLICY,
	TOP_POLICY,
	TOPIC_POLICIES,
	Policy,
	acknowledge_policy,
	approve_policy,
	draft_policy,
	policy_named,
	publish_policies,
	publish_policy,
)
from isms_leadership.demo.reviews import (
	FIRST_REVIEW,
	FIRST_REVIEW_DECISIONS,
	NEXT_REVIEW,
	SUMMARIES,
	Decision,
	hold_first_review,
	prepare_next_review,
	publish_access_control_v2,
)
from isms_leadership.demo.roles import (
	APPOINTMENTS,
	CONFLICTING_APPOINTMENT,
	PENDING_APPOINTMENT,
	Appointment,
	appoint,
	appoint_roles,
	existing_assignment,
	refuse_conflicting_appointment,
)

#: loaded after the core of the demo, each as ``load(company, log) -> {doctype: made}``
EXTENSIONS = ("isms_leadership.demo.practice.load", "isms_leadership.demo.frameworks.load")


# loading ------------------------------------------------------------------------------------


def load(password: str = DEFAULT_PASSWORD, log: Callable[[str], None] = print) -> dict:
	"""Make whatever of the demo is missing. Never commits.

	Returns {"made": {doctype: count}, "changed": bool, "refusals": [...], "logins": [...]}.
	"""
	demo = Demo(password, log)
	previous_user = frappe.session.user
	frappe.set_user("Administrator")
	before = census()
	try:
		ensure_company(demo)
		fiscal_year = ensure_fiscal_year(demo.today)
		ensure_ledger()
		with demo.clock:
			demo.clock.at(add_days(demo.appointed, -30))
			for phase, step in (
				("people", ensure_people),
				("ISMS roles", appoint_roles),
				("policies and their acknowledgements", lambda d: publish_policies(d, before_review=True)),
				("the half-year management review", hold_first_review),
				("the security budget and its spending", lambda d: fund_security(d, fiscal_year)),
				("actions of the review", close_first_review_actions),
				("recent policies", lambda d: publish_policies(d, before_review=False)),
				("a leaver", record_leaver),
				("work waiting for approval", lambda d: prepare_pending_work(d, fiscal_year)),
				("the next management review", prepare_next_review),
			):
				demo.progress(phase)
				step(demo)
		refuse_conflicting_appointment(demo)
		frappe.set_user("Administrator")
		demo.progress("objectives, communication and awareness")
		extended = run_extensions(demo)
		demo.progress("the daily jobs")
		run_daily_jobs()
	finally:
		frappe.set_user(previous_user)
	after = census()
	made = {doctype: after[doctype][0] - before[doctype][0] for doctype in after}
	for doctype, count in extended.items():
		made[doctype] = max(made.get(doctype, 0), count)
	changed = before != after or demo.acknowledged > 0
	result = {
		"made": {doctype: count for doctype, count in made.items() if count},
		"totals": {doctype: after[doctype][0] for doctype in after},
		"acknowledged": demo.acknowledged,
		"changed": changed,
		"refusals": demo.refusals,
		"logins": [(login(p.key), p.about) for p in LOGINS],
	}
	report(result, demo)
	return result


def run_extensions(demo: Demo) -> dict[str, int]:
	made: dict[str, int] = {}
	for path in EXTENSIONS:
		for doctype, count in (frappe.get_attr(path)(COMPANY, log=demo.log) or {}).items():
			made[doctype] = made.get(doctype, 0) + count
	return made
