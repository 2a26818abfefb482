"""Rules of the ISMS Role master."""

from __future__ import annotations

from collections.abc import Iterable, Mapping


def conflict_changes(before: Iterable[str], after: Iterable[str]) -> tuple[set[str], set[str]]:
	"""Conflicting roles added and removed by an edit, to mirror on the other side."""
	before, after = set(before), set(after)
	return after - before, before - after


def asymmetric_conflicts(conflicts: Mapping[str, Iterable[str]]) -> list[tuple[str, str]]:
	"""Pairs (a, b) where a names b as conflicting but b does not name a."""
	table = {role: set(others) for role, others in conflicts.items()}
	return sorted(
		(role, other)
		for role, others in table.items()
		for other in others
		if role not in table.get(other, set())
	)


#: Desk roles an ISMS role may never grant: granting them through an appointment would
#: let the ISMS workflow hand out administration of the whole site.
PRIVILEGED_DESK_ROLES = frozenset({"Administrator", "System Manager", "Guest", "All", "Desk User"})


def is_privileged_desk_role(role: str | None) -> bool:
	return bool(role) and role in PRIVILEGED_DESK_ROLES
