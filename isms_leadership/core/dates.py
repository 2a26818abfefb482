"""Date arithmetic shared by the rules (no database, no frappe)."""

from __future__ import annotations

import calendar
from datetime import date


def add_months(day: date, months: int) -> date:
	"""``day`` moved by whole months, clamped to the month's last day (31 Jan + 1 = 28/29 Feb)."""
	index = day.year * 12 + (day.month - 1) + months
	year, month = divmod(index, 12)
	month += 1
	return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def periods_overlap(a_from: date, a_to: date | None, b_from: date, b_to: date | None) -> bool:
	"""Whether two periods share a day; a missing end means open-ended. Both ends inclusive."""
	a_ends_before_b = a_to is not None and a_to < b_from
	b_ends_before_a = b_to is not None and b_to < a_from
	return not (a_ends_before_b or b_ends_before_a)


def days_until(day: date, today: date) -> int:
	return (day - today).days
