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


#: The desk roles an ISMS role grants unless a System Manager adds more in ISMS Settings.
DEFAULT_GRANTABLE_DESK_ROLES = ("ISMS Manager", "ISMS Top Management", "ISMS Auditor")
#: Never granted by an appointment, whatever the settings say: administration of the site,
#: of people and of money stays with the people who hold it in ERPNext.
NEVER_GRANTABLE_DESK_ROLES = PRIVILEGED_DESK_ROLES | frozenset(
	{"HR Manager", "HR User", "Accounts Manager", "Accounts User"}
)


def parse_role_list(text: str | None) -> tuple[str, ...]:
	"""Role names from a text with one name a line (or separated by commas)."""
	names = (part.strip() for line in (text or "").splitlines() for part in line.split(","))
	return tuple(dict.fromkeys(name for name in names if name))


def grantable_desk_roles(additional: Iterable[str] = ()) -> frozenset[str]:
	"""The allow-list: the app's own desk roles plus those added, less those never granted."""
	return frozenset((*DEFAULT_GRANTABLE_DESK_ROLES, *additional)) - NEVER_GRANTABLE_DESK_ROLES


def desk_role_allowed(role: str | None, additional: Iterable[str] = ()) -> bool:
	"""Whether an ISMS role may grant ``role`` (no desk role at all is always allowed)."""
	return not role or role in grantable_desk_roles(additional)


#: fields of an ISMS Role that decide what an appointment to it grants
GRANT_FIELDS = ("is_top_management", "desk_role")


def grant_changes(before: Mapping | None, after: Mapping) -> list[str]:
	"""Grant fields that an edit sets or changes; for a new role, those set at all."""
	if before is None:
		return [f for f in GRANT_FIELDS if after.get(f)]
	return [f for f in GRANT_FIELDS if (before.get(f) or None) != (after.get(f) or None)]
