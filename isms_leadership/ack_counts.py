"""The acknowledgements of each policy version counted by state, kept as they change.

Counting five million acknowledgements each time the register or Leadership Evidence opens
is the cost; the counts themselves are five numbers per version (one per state, and those
still asked who have no user to acknowledge with; an acknowledgement's user is written when
it is created and never changed). Every path that creates an acknowledgement or changes its
state moves the counts in the same transaction:

- the campaign of a published version (``tasks.campaign``: new ones and carried-over ones),
- an employee acknowledging (the controller's ``on_update``),
- the daily overdue sweep (``tasks.policies.mark_overdue``),
- leavers (``integrations.employee.close_for_leavers``).

A daily reconciliation (``reconcile``) recounts them all, repairs any that drifted and says
so in the Error Log. Readers (``queries.policies.acknowledgement_counts``) read the kept
counts, one row per version; ``queries.policies.status_moves`` reads what a bulk update
will move.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping

from pypika.terms import Values

import frappe
from frappe.utils import now_datetime

from isms_leadership.core.policy import without_user_change
from isms_leadership.queries.policies import (
	COUNT_COLUMNS,
	WITHOUT_USER,
	kept_counts,
	recount_acknowledgements,
)

COUNT = "Policy Acknowledgement Count"
COLUMNS = COUNT_COLUMNS

#: acknowledgements one statement of a daily sweep changes (the overdue sweep, leavers): on
#: the day a campaign's due date passes, its whole audience turns Overdue; memory stays flat
SWEEP_BATCH = 1000


def move(changes: Mapping[str, Mapping[str, int]]) -> None:
	"""Add ``changes`` ({policy: {status or WITHOUT_USER: +n or -n}}) to the kept counts: one
	upsert per policy, the database adding to what is stored (never read-modify-write)."""
	for policy, by_status in changes.items():
		deltas = {COLUMNS[status]: n for status, n in by_status.items() if n}
		if deltas:
			_upsert(policy, deltas, add=True)


def shift(policy: str, before: str | None, after: str | None, n: int = 1, without_user: bool = False) -> None:
	"""``n`` acknowledgements of ``policy`` (``without_user``: with no user to acknowledge
	with) went from ``before`` to ``after`` (None: created)."""
	if before == after:
		return
	change: Counter = Counter()
	if before:
		change[before] -= n
	if after:
		change[after] += n
	if without_user:
		change[WITHOUT_USER] += n * without_user_change(before, after)
	move({policy: change})


def set_counts(policy: str, by_status: Mapping[str, int]) -> None:
	"""Store the exact counts of ``policy`` (after a recount)."""
	_upsert(policy, {column: int(by_status.get(status, 0)) for status, column in COLUMNS.items()}, add=False)


def reconcile() -> list[str]:
	"""Daily: recount every policy's acknowledgements and repair the kept counts that
	differ, recording each repair in the Error Log. Returns the policies repaired."""
	counted = recount_acknowledgements()
	stored = kept_counts()
	repaired = []
	for policy in sorted(set(counted) | set(stored)):
		actual = {status: counted.get(policy, {}).get(status, 0) for status in COLUMNS}
		if stored.get(policy) != actual:
			repaired.append(policy)
			set_counts(policy, actual)
	table = frappe.qb.DocType(COUNT)
	frappe.qb.update(table).set(table.reconciled_on, now_datetime()).run()
	if repaired:
		frappe.log_error(
			title="ISMS: acknowledgement counts repaired",
			message=(
				f"The kept acknowledgement counts of {len(repaired)} policy version(s) differed "
				f"from a recount and were repaired: {', '.join(repaired[:100])}"
			),
		)
	frappe.logger("isms_leadership").info(
		"acknowledgement counts reconciled: %s versions, %s repaired", len(counted), len(repaired)
	)
	return repaired


def _upsert(policy: str, values: dict[str, int], add: bool) -> None:
	table = frappe.qb.DocType(COUNT)
	now, user = now_datetime(), frappe.session.user
	# the company, for the company rule of the counts; read once for a new row
	company = frappe.db.get_value("Security Policy", policy, "company")
	columns = ["name", "security_policy", "company", "creation", "modified", "modified_by", "owner"]
	query = (
		frappe.qb.into(table)
		.columns(*columns, *values)
		.insert(policy, policy, company, now, now, user, user, *values.values())
	)
	for column in values:
		query = query.on_duplicate_key_update(
			table[column], (table[column] + Values(table[column])) if add else Values(table[column])
		)
	query.run()
