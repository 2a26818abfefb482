"""Rules of the security budget and people (7.1): totals, time shares, the ERPNext Budget
amounts the approved allocations call for, drift, and periods of actuals.

Amounts are the currency floats Frappe stores; they are compared to the cent.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from isms_leadership.core.dates import add_months

CATEGORIES = (
	"Personnel",
	"Training & Awareness",
	"Tools & Technology",
	"External Services",
	"Audit & Certification",
	"Other",
)
#: category -> the field holding its total
CATEGORY_TOTAL_FIELDS = dict(
	zip(
		CATEGORIES,
		(
			"total_personnel",
			"total_training",
			"total_tools",
			"total_external_services",
			"total_audit",
			"total_other",
		),
		strict=True,
	)
)
CENT = 0.005


def money(value) -> float:
	return round(float(value or 0), 2)


def same_amount(a, b) -> bool:
	return abs(money(a) - money(b)) < CENT


@dataclass(frozen=True)
class Line:
	category: str
	account: str
	amount: float


def totals_by_category(lines: Iterable[Line]) -> dict[str, float]:
	"""Sum per category, in the order of CATEGORIES; categories without lines are left out."""
	sums: dict[str, float] = defaultdict(float)
	for line in lines:
		sums[line.category] += float(line.amount or 0)
	return {c: money(sums[c]) for c in (*CATEGORIES, *sorted(set(sums) - set(CATEGORIES))) if c in sums}


def totals_by_account(lines: Iterable[Line]) -> dict[str, float]:
	sums: dict[str, float] = defaultdict(float)
	for line in lines:
		sums[line.account] += float(line.amount or 0)
	return {account: money(amount) for account, amount in sums.items()}


def invalid_amounts(lines: Iterable[Line]) -> list[int]:
	"""1-based row numbers of lines whose amount is not positive."""
	return [i for i, line in enumerate(lines, start=1) if not (line.amount and float(line.amount) > 0)]


# people ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Share:
	"""An employee's share of working time given to the ISMS for a period (to_date inclusive,
	None for open-ended)."""

	employee: str
	percent: float
	from_date: date
	to_date: date | None = None
	source: str | None = None


@dataclass(frozen=True)
class OverAllocation:
	employee: str
	on_date: date
	percent: float
	sources: tuple[str, ...]


def over_allocations(
	proposed: Iterable[Share], approved: Iterable[Share], limit: float = 100.0
) -> list[OverAllocation]:
	"""Days on which an employee of ``proposed`` would give more than ``limit`` percent of
	their time, counting the shares already ``approved``; the first such day per employee."""
	proposed = list(proposed)
	employees = {s.employee for s in proposed}
	shares_by_employee: dict[str, list[Share]] = defaultdict(list)
	for share in [*proposed, *approved]:
		if share.employee in employees:
			shares_by_employee[share.employee].append(share)

	found = []
	for employee in sorted(employees):
		shares = shares_by_employee[employee]
		# the total only changes where a share starts; checking those days is enough
		for day in sorted({s.from_date for s in shares}):
			active = [s for s in shares if s.from_date <= day and (s.to_date is None or s.to_date >= day)]
			total = round(sum(float(s.percent or 0) for s in active), 4)
			if total > limit + 1e-9:
				found.append(
					OverAllocation(employee, day, total, tuple(sorted(s.source or "" for s in active)))
				)
				break
	return found


def invalid_share(share: Share) -> str | None:
	"""Why a single share is impossible, or None."""
	if not share.percent or float(share.percent) <= 0 or float(share.percent) > 100:
		return "percent"
	if share.to_date is not None and share.to_date < share.from_date:
		return "dates"
	return None


# the ERPNext Budget ------------------------------------------------------------------


def apply_allocation(
	budget: Mapping[str, float], amounts: Mapping[str, float], sign: int = 1
) -> dict[str, float]:
	"""The Budget's account amounts after adding (``sign`` 1, on approval) or taking back
	(``sign`` -1, on cancellation) one allocation's amounts per account.

	Lines the allocation does not name are left as they are, so finance's own lines and
	their own amounts on a shared account survive; a line that falls to zero goes.
	"""
	result = {account: money(amount) for account, amount in budget.items()}
	for account, amount in amounts.items():
		new = money(result.get(account, 0) + sign * float(amount or 0))
		if new > CENT:
			result[account] = new
		else:
			result.pop(account, None)
	return dict(sorted(result.items()))


ACTION_STRICTNESS = {"": 0, "Ignore": 0, "Warn": 1, "Stop": 2}


def stricter_action(current: str | None, wanted: str | None) -> str:
	"""The stricter of two budget actions (Stop over Warn over Ignore)."""
	current, wanted = current or "", wanted or ""
	return (
		wanted
		if ACTION_STRICTNESS.get(wanted, 0) > ACTION_STRICTNESS.get(current, 0)
		else (current or wanted)
	)


@dataclass(frozen=True)
class Drift:
	account: str
	expected: float
	in_budget: float | None


def budget_drift(approved: Mapping[str, float], budget: Mapping[str, float]) -> list[Drift]:
	"""Accounts of the approved allocations where the Budget holds another amount than they
	add up to: edited by hand, or finance's own amount on the same account. Accounts no
	allocation names are finance's alone and not checked."""
	drift = []
	for account, expected in sorted(approved.items()):
		if money(expected) <= 0:
			continue
		actual = budget.get(account)
		if actual is None or not same_amount(actual, expected):
			drift.append(Drift(account, money(expected), None if actual is None else money(actual)))
	return drift


def budget_changed(current: Mapping[str, float], wanted: Mapping[str, float]) -> bool:
	if set(current) != set(wanted):
		return True
	return any(not same_amount(current[a], wanted[a]) for a in wanted)


# actuals by period -------------------------------------------------------------------

PERIOD_MONTHS = {"Monthly": 1, "Quarterly": 3, "Half-Yearly": 6, "Yearly": 12}


@dataclass(frozen=True)
class Period:
	key: str
	start: date
	end: date


def periods(year_start: date, year_end: date, periodicity: str) -> list[Period]:
	"""The periods of a fiscal year, the last one cut at the year's end."""
	step = PERIOD_MONTHS[periodicity]
	out, start, index = [], year_start, 1
	while start <= year_end:
		end = min(add_months(start, step) - timedelta(days=1), year_end)
		out.append(Period(_period_key(periodicity, index, start), start, end))
		start, index = end + timedelta(days=1), index + 1
	return out


def _period_key(periodicity: str, index: int, start: date) -> str:
	if periodicity == "Monthly":
		return start.strftime("%b %Y")
	if periodicity == "Quarterly":
		return f"Q{index} {start.year}"
	if periodicity == "Half-Yearly":
		return f"H{index} {start.year}"
	return f"FY {start.year}"


def bucket(monthly: Mapping[date, float], all_periods: list[Period]) -> dict[str, float]:
	"""Sum amounts keyed by the first day of their month into ``all_periods``."""
	sums = {p.key: 0.0 for p in all_periods}
	for month, amount in monthly.items():
		for period in all_periods:
			if period.start <= month <= period.end:
				sums[period.key] += float(amount or 0)
				break
	return {key: money(value) for key, value in sums.items()}


def utilisation(actual, allocated) -> float | None:
	"""Spent as a percentage of what was allocated, one decimal; None when nothing was."""
	if not allocated or float(allocated) <= 0:
		return None
	return round(100.0 * float(actual or 0) / float(allocated), 1)


# budget vs actual ---------------------------------------------------------------------


def budget_vs_actual(
	allocated: Mapping[tuple[str, str, str], float],
	budget: Mapping[tuple[str, str], float],
	actual_monthly: Mapping[tuple[str, str, date], float],
	all_periods: list[Period],
) -> list[dict]:
	"""Rows of the security budget per cost center and account.

	``allocated``: approved amounts by (cost center, category, account); ``budget``: the
	ERPNext Budget by (cost center, account); ``actual_monthly``: spending by (cost center,
	account, first of month). An account allocated under several categories is shown once,
	under the category with the largest share, with all of its allocation. Variance is
	budget minus actual, as in ERPNext's Budget Variance report.
	"""
	per_account: dict[tuple[str, str], dict[str, float]] = defaultdict(lambda: defaultdict(float))
	for (cost_center, category, account), amount in allocated.items():
		per_account[(cost_center, account)][category] += float(amount or 0)
	rows = []
	for (cost_center, account), categories in per_account.items():
		monthly = {
			month: amount
			for (cc, acc, month), amount in actual_monthly.items()
			if cc == cost_center and acc == account
		}
		by_period = bucket(monthly, all_periods)
		actual = money(sum(by_period.values()))
		total = money(sum(categories.values()))
		in_budget = budget.get((cost_center, account))
		rows.append(
			{
				"cost_center": cost_center,
				"category": max(
					categories, key=lambda c: (categories[c], -CATEGORIES.index(c) if c in CATEGORIES else 0)
				),
				"account": account,
				"allocated": total,
				"budget": None if in_budget is None else money(in_budget),
				"actual": actual,
				"variance": money((in_budget or 0) - actual),
				"utilisation": utilisation(actual, total),
				"by_period": by_period,
			}
		)
	order = {c: i for i, c in enumerate(CATEGORIES)}
	rows.sort(key=lambda r: (r["cost_center"], order.get(r["category"], len(order)), r["account"]))
	return rows
