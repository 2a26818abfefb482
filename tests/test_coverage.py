from collections.abc import Iterable
from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from isms_leadership.core.coverage import (
	Holding,
	RoleCounts,
	RoleSpec,
	coverage,
	coverage_from_counts,
	mandatory_filled,
)

TODAY = date(2026, 11, 22)
ROLES = [
	RoleSpec("Top Management", True, 1),
	RoleSpec("ISM", True, 1, requires_deputy=True, conflicts=frozenset({"Auditor"})),
	RoleSpec("Auditor", True, 2, conflicts=frozenset({"ISM"})),
	RoleSpec("Asset Owner", False, 0),
]


def h(name, role, employee, status="Active", company="A", **kw):
	return Holding(name, role, company, employee, status, **kw)


def test_coverage_counts():
	holdings = [
		h("1", "Top Management", "e1", accepted=True),
		h("2", "ISM", "e2", to_date=TODAY + timedelta(days=10)),
		h("3", "Auditor", "e2", deputy="e3", accepted=True),  # conflict with ISM held by e2
		h("4", "Auditor", "e4", status="Scheduled"),
		h("5", "Top Management", "x1", company="B", accepted=True),
	]
	rows = {(r.company, r.role): r for r in coverage(ROLES, holdings, ["A", "B"], TODAY, 30)}
	tm, ism, aud, owner = (rows[("A", n)] for n in ("Top Management", "ISM", "Auditor", "Asset Owner"))
	assert (tm.active_holders, tm.vacancies, tm.not_accepted) == (1, 0, 0)
	assert (ism.active_holders, ism.expiring, ism.without_deputy, ism.not_accepted, ism.conflicts) == (
		1,
		1,
		1,
		1,
		1,
	)
	assert (aud.active_holders, aud.vacancies, aud.scheduled, aud.deputies, aud.conflicts) == (1, 1, 1, 1, 1)
	assert (owner.active_holders, owner.vacancies) == (0, 0)
	assert rows[("B", "ISM")].vacancies == 1
	assert mandatory_filled(r for r in rows.values() if r.company == "A") == (2, 3)
	assert mandatory_filled(r for r in rows.values() if r.company == "B") == (1, 3)


def test_scheduled_holder_does_not_fill_a_vacancy():
	rows = coverage(ROLES[:1], [h("1", "Top Management", "e1", status="Scheduled")], ["A"], TODAY, 30)
	assert (rows[0].active_holders, rows[0].vacancies, rows[0].scheduled) == (0, 1, 1)


def test_conflict_only_counts_roles_held_in_the_same_company():
	holdings = [h("1", "ISM", "e1", company="A"), h("2", "Auditor", "e1", company="B")]
	rows = coverage(ROLES, holdings, ["A", "B"], TODAY, 30)
	assert sum(r.conflicts for r in rows) == 0


def count_holdings(
	roles: Iterable[RoleSpec], holdings: Iterable[Holding], today: date, lead_days: int
) -> dict[tuple[str, str], RoleCounts]:
	"""The counts per (company, role) that ``coverage`` derives from the holdings: what the
	grouped query of ``queries.coverage.role_counts`` reads from the database (the
	integration test of Role Coverage compares that query with one holding each)."""
	rows = {
		(row.company, row.role): row
		for row in coverage(roles, holdings, {h.company for h in holdings}, today, lead_days)
	}
	return {
		key: RoleCounts(
			row.active_holders, row.deputies, row.not_accepted, row.expiring, row.scheduled, row.conflicts
		)
		for key, row in rows.items()
		if row.active_holders or row.scheduled
	}


@given(
	st.lists(
		st.tuples(
			st.sampled_from([r.name for r in ROLES]),
			st.sampled_from(["e1", "e2", "e3"]),
			st.sampled_from(["A", "B"]),
			st.sampled_from(["Active", "Expiring", "Scheduled"]),
			st.booleans(),  # a deputy
			st.booleans(),  # accepted
			st.one_of(st.none(), st.integers(0, 90)),  # days left
		),
		max_size=12,
	)
)
def test_the_rows_rebuilt_from_counts_are_the_rows(specs):
	"""What the cards read (counts per role) gives the figures of one holding each."""
	holdings = [
		h(
			str(i),
			role,
			emp,
			status,
			company,
			deputy="d" if deputy else None,
			accepted=accepted,
			to_date=None if days is None else TODAY + timedelta(days=days),
		)
		for i, (role, emp, company, status, deputy, accepted, days) in enumerate(specs)
	]
	expected = [
		{k: v for k, v in vars(r).items() if k != "holders"}
		for r in coverage(ROLES, holdings, ["A", "B"], TODAY, 30)
	]
	rebuilt = coverage_from_counts(ROLES, count_holdings(ROLES, holdings, TODAY, 30), ["A", "B"])
	assert [{k: v for k, v in vars(r).items() if k != "holders"} for r in rebuilt] == expected
	assert all(r.holders == [] for r in rebuilt)
