"""The six number cards of the ISMS Leadership workspace, as the desk calls them, at scale.

Run from a checkout against a bench site:

    ~/frappe-bench/env/bin/python benchmarks/number_cards.py --site isms-bench.localhost

Each card is a Number Card of type "Custom": the desk asks its method with the card's
filters (``frappe.call`` from the workspace, a POST to ``/api/method/<method>``), which is
``@frappe.read_only()``. The benchmark calls each method the same way, through
``frappe.handler.execute_cmd`` (``_harness.desk_call``). Options: ``--acks N``
acknowledgements per policy (default 10,000), ``--entries N`` expense GL entries (default
1,000,000). The data is written in one transaction and rolled back at the end.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import COMPANY, connect, desk_call, measure, print_row

MODULE = "isms_leadership.api.number_cards"

#: the method of each card of the workspace, and what it shows
CARDS = (
	("policies_overdue_for_review", "Policies overdue for review"),
	("acknowledgement_rate", "Policy acknowledgement rate"),
	("mandatory_roles_vacant", "Mandatory ISMS roles vacant"),
	("budget_utilisation", "Security budget utilisation"),
	("days_since_last_review", "Days since the last management review"),
	("overdue_actions", "Overdue ISMS actions"),
)


def option(extra: list[str], name: str, default: int) -> int:
	return int(extra[extra.index(name) + 1]) if name in extra else default


def card_call(frappe, method: str, company: str = COMPANY):
	"""One card as the desk asks for it (its filters name the company)."""
	return desk_call(frappe, f"{MODULE}.{method}", filters=json.dumps({"company": company}))


def card_rows(frappe, company: str = COMPANY) -> list[tuple[str, dict]]:
	"""Measure each card; print and return the labelled figures. The budget card reads the
	spending kept from the General Ledger: its first read (nothing kept for the data just
	written, as after allocations change) and the hourly job that reads the ledger again are
	printed too."""
	from isms_leadership.queries.budget import KEPT_SPENDING
	from isms_leadership.tasks.budget import refresh_spending

	def first_read(method):
		frappe.cache.delete_value(KEPT_SPENDING)
		return card_call(frappe, method, company)

	rows = []
	for method, label in CARDS:
		if method == "budget_utilisation":
			rows.append(
				(
					"  budget card, first read (ledger read, nothing kept)",
					measure(frappe, first_read, method, repeat=1, memory=False),
				)
			)
			print_row(*rows[-1])
			rows.append(
				(
					"  hourly job: spending read again (refresh_spending)",
					measure(frappe, refresh_spending, repeat=1, memory=False),
				)
			)
			print_row(*rows[-1])
		value = card_call(frappe, method, company).get("value")
		rows.append((f"Number card: {label}", measure(frappe, card_call, frappe, method, company)))
		print_row(*rows[-1], value=value)
	return rows


def forget_spending(frappe):
	"""The spending kept in the cache was read from the benchmark's data: not to be kept
	after its rollback (nor taken from an earlier run before it)."""
	from isms_leadership.queries.budget import KEPT_SPENDING

	frappe.cache.delete_value(KEPT_SPENDING)


def main():
	frappe, _args, extra = connect(__doc__.splitlines()[0])
	from scale import build

	print(f"Number card benchmark on {frappe.local.site}; frappe {frappe.__version__}")
	forget_spending(frappe)
	try:
		build(
			frappe,
			acks_per_policy=option(extra, "--acks", 10_000),
			entries=option(extra, "--entries", 1_000_000),
		)
		card_rows(frappe)
	finally:
		started = time.perf_counter()
		frappe.db.rollback()
		print(f"Rolled back in {time.perf_counter() - started:.1f} s")
		forget_spending(frappe)
		frappe.destroy()


if __name__ == "__main__":
	main()
