"""Role coverage: who holds each ISMS role, and where the gaps are (5.3, A.5.2, A.5.3)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class RoleSpec:
	name: str
	is_mandatory: bool = False
	minimum_holders: int = 0
	requires_deputy: bool = False
	conflicts: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Holding:
	"""One approved assignment that is held today or scheduled."""

	name: str
	role: str
	company: str
	employee: str
	status: str  # Active, Expiring or Scheduled
	to_date: date | None = None
	deputy: str | None = None
	accepted: bool = False


@dataclass
class CoverageRow:
	role: str
	company: str
	is_mandatory: bool
	minimum_holders: int
	active_holders: int = 0
	deputies: int = 0
	vacancies: int = 0
	expiring: int = 0
	scheduled: int = 0
	not_accepted: int = 0
	without_deputy: int = 0
	conflicts: int = 0
	holders: list[str] = field(default_factory=list)

	@property
	def filled(self) -> bool:
		return self.vacancies == 0


HELD_STATUSES = ("Active", "Expiring")


def coverage(
	roles: Iterable[RoleSpec],
	holdings: Iterable[Holding],
	companies: Iterable[str],
	today: date,
	lead_days: int,
) -> list[CoverageRow]:
	"""One row per (company, role), in the order given."""
	roles = list(roles)
	by_key: dict[tuple[str, str], list[Holding]] = defaultdict(list)
	held_roles_of: dict[tuple[str, str], set[str]] = defaultdict(set)  # (company, employee) -> roles held
	for h in holdings:
		by_key[(h.company, h.role)].append(h)
		if h.status in HELD_STATUSES:
			held_roles_of[(h.company, h.employee)].add(h.role)

	rows = []
	for company in companies:
		for role in roles:
			row = CoverageRow(role.name, company, role.is_mandatory, role.minimum_holders)
			for h in by_key.get((company, role.name), []):
				if h.status not in HELD_STATUSES:
					row.scheduled += 1
					continue
				row.active_holders += 1
				row.holders.append(h.employee)
				if h.deputy:
					row.deputies += 1
				elif role.requires_deputy:
					row.without_deputy += 1
				if not h.accepted:
					row.not_accepted += 1
				if h.to_date is not None and (h.to_date - today).days <= lead_days:
					row.expiring += 1
				if role.conflicts & held_roles_of[(company, h.employee)]:
					row.conflicts += 1
			row.vacancies = max(0, role.minimum_holders - row.active_holders)
			rows.append(row)
	return rows


@dataclass(frozen=True)
class RoleCounts:
	"""The approved assignments of one role in one company, counted (held: Active or
	Expiring today)."""

	held: int = 0
	deputies: int = 0
	not_accepted: int = 0
	expiring: int = 0
	scheduled: int = 0
	conflicts: int = 0


def coverage_from_counts(
	roles: Iterable[RoleSpec], counts: dict[tuple[str, str], RoleCounts], companies: Iterable[str]
) -> list[CoverageRow]:
	"""The rows of ``coverage`` from counts instead of one holding each (no holders named):
	one row per (company, role), in the order given."""
	roles = list(roles)
	rows = []
	for company in companies:
		for role in roles:
			n = counts.get((company, role.name), RoleCounts())
			rows.append(
				CoverageRow(
					role.name,
					company,
					role.is_mandatory,
					role.minimum_holders,
					active_holders=n.held,
					deputies=n.deputies,
					vacancies=max(0, role.minimum_holders - n.held),
					expiring=n.expiring,
					scheduled=n.scheduled,
					not_accepted=n.not_accepted,
					without_deputy=(n.held - n.deputies) if role.requires_deputy else 0,
					conflicts=n.conflicts,
				)
			)
	return rows


def mandatory_filled(rows: Iterable[CoverageRow]) -> tuple[int, int]:
	"""(mandatory roles filled, mandatory roles) over the rows."""
	mandatory = [r for r in rows if r.is_mandatory]
	return sum(1 for r in mandatory if r.filled), len(mandatory)
