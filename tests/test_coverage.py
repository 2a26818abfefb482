from datetime import date, timedelta

from isms_leadership.core.coverage import Holding, RoleSpec, coverage, mandatory_filled

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
