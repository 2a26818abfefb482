from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from isms_leadership.core.budget import (
	Drift,
	Line,
	Share,
	apply_allocation,
	bucket,
	budget_changed,
	budget_drift,
	budget_vs_actual,
	invalid_amounts,
	invalid_share,
	over_allocations,
	periods,
	stricter_action,
	totals_by_account,
	totals_by_category,
	utilisation,
)

TRAINING = "Training Expenses - ACME"
TOOLS = "Software Expenses - ACME"
TRAVEL = "Travel Expenses - ACME"


def test_totals_by_category_and_account():
	lines = [
		Line("Tools & Technology", TOOLS, 1200.10),
		Line("Training & Awareness", TRAINING, 500),
		Line("Tools & Technology", TOOLS, 99.905),
		Line("Personnel", TRAINING, 0.1),
	]
	assert totals_by_category(lines) == {
		"Personnel": 0.1,
		"Training & Awareness": 500.0,
		"Tools & Technology": 1300.0,
	}
	assert list(totals_by_category(lines)) == ["Personnel", "Training & Awareness", "Tools & Technology"]
	assert totals_by_account(lines) == {TOOLS: 1300.0, TRAINING: 500.1}
	assert totals_by_category([]) == {}


def test_amounts_must_be_positive():
	lines = [
		Line("Other", TOOLS, 10),
		Line("Other", TOOLS, 0),
		Line("Other", TOOLS, -5),
		Line("Other", TOOLS, None),
	]
	assert invalid_amounts(lines) == [2, 3, 4]


def test_time_shares_may_not_pass_100_percent_where_periods_overlap():
	approved = [
		Share("E1", 60, date(2026, 1, 1), date(2026, 6, 30), "RA-1"),
		Share("E1", 30, date(2026, 7, 1), None, "RA-2"),
	]
	# 50 % from May: May and June add up to 110 %
	proposed = [Share("E1", 50, date(2026, 5, 1), date(2026, 12, 31), "NEW")]
	[found] = over_allocations(proposed, approved)
	assert (found.employee, found.on_date, found.percent, found.sources) == (
		"E1",
		date(2026, 5, 1),
		110.0,
		("NEW", "RA-1"),
	)
	# 50 % from July only meets the 30 %: fine
	assert over_allocations([Share("E1", 50, date(2026, 7, 1), None, "NEW")], approved) == []
	# exactly 100 % is allowed
	assert over_allocations([Share("E1", 40, date(2026, 1, 1), date(2026, 6, 30))], approved) == []
	# other employees' shares do not count
	assert over_allocations([Share("E2", 100, date(2026, 1, 1))], approved) == []


def test_two_shares_in_the_same_proposal_add_up():
	proposed = [Share("E1", 70, date(2026, 1, 1)), Share("E1", 40, date(2026, 3, 1), date(2026, 3, 31))]
	assert [f.on_date for f in over_allocations(proposed, [])] == [date(2026, 3, 1)]


@given(
	shares=st.lists(
		st.tuples(st.integers(1, 100), st.integers(0, 300), st.one_of(st.none(), st.integers(0, 300))),
		max_size=6,
	)
)
def test_over_allocation_agrees_with_checking_every_day(shares):
	start = date(2026, 1, 1)
	built = [
		Share("E", p, start + timedelta(days=a), None if b is None else start + timedelta(days=a + b))
		for p, a, b in shares
	]
	worst = max(
		(
			sum(s.percent for s in built if s.from_date <= day and (s.to_date is None or s.to_date >= day))
			for day in (start + timedelta(days=d) for d in range(0, 700))
		),
		default=0,
	)
	assert bool(over_allocations(built, [])) == (worst > 100)


def test_a_share_itself_must_make_sense():
	assert invalid_share(Share("E", 0, date(2026, 1, 1))) == "percent"
	assert invalid_share(Share("E", 101, date(2026, 1, 1))) == "percent"
	assert invalid_share(Share("E", 20, date(2026, 2, 1), date(2026, 1, 31))) == "dates"
	assert invalid_share(Share("E", 20, date(2026, 2, 1), date(2026, 2, 1))) is None


def test_approval_adds_to_the_budget_and_cancellation_takes_it_back():
	finance = {TRAINING: 1000.0, TRAVEL: 750.0}  # lines finance put on the Budget themselves
	first = {TRAINING: 500.0, TOOLS: 800.0}
	second = {TOOLS: 200.0}
	after_first = apply_allocation(finance, first)
	assert after_first == {TOOLS: 800.0, TRAINING: 1500.0, TRAVEL: 750.0}
	after_second = apply_allocation(after_first, second)
	assert after_second[TOOLS] == 1000.0  # a second allocation adds up
	# cancelling the first takes exactly its amounts back; finance's lines survive
	assert apply_allocation(after_second, first, sign=-1) == {TOOLS: 200.0, TRAINING: 1000.0, TRAVEL: 750.0}
	assert apply_allocation(apply_allocation(after_second, first, -1), second, -1) == finance


@given(
	amounts=st.lists(
		st.dictionaries(
			st.sampled_from([TRAINING, TOOLS, TRAVEL]), st.integers(1, 10**7).map(lambda c: c / 100)
		),
		max_size=5,
	)
)
def test_approving_then_cancelling_any_allocations_restores_the_budget(amounts):
	finance = {TRAVEL: 750.0}
	budget = finance
	for allocation in amounts:
		budget = apply_allocation(budget, allocation)
	for allocation in reversed(amounts):
		budget = apply_allocation(budget, allocation, sign=-1)
	assert budget == finance


def test_stricter_action():
	assert stricter_action("Warn", "Stop") == "Stop"
	assert stricter_action("Stop", "Warn") == "Stop"
	assert stricter_action("", "Warn") == "Warn"
	assert stricter_action("Ignore", "Warn") == "Warn"
	assert stricter_action("Warn", "") == "Warn"


def test_drift_is_what_the_budget_lost_or_gained_by_hand():
	approved = {TRAINING: 1500.0, TOOLS: 800.0}
	assert budget_drift(approved, {TRAINING: 1500.004, TOOLS: 800.0, TRAVEL: 1.0}) == []
	assert budget_drift(approved, {TRAINING: 1200.0}) == [
		Drift(TOOLS, 800.0, None),
		Drift(TRAINING, 1500.0, 1200.0),
	]


def test_budget_changed():
	assert not budget_changed({TRAINING: 10.0}, {TRAINING: 10.001})
	assert budget_changed({TRAINING: 10.0}, {TRAINING: 10.0, TOOLS: 1.0})
	assert budget_changed({TRAINING: 10.0}, {TRAINING: 11.0})


def test_periods_of_a_fiscal_year():
	monthly = periods(date(2026, 4, 1), date(2027, 3, 31), "Monthly")
	assert len(monthly) == 12
	assert (monthly[0].key, monthly[0].end, monthly[-1].key) == ("Apr 2026", date(2026, 4, 30), "Mar 2027")
	assert monthly[10].end == date(2027, 2, 28)
	quarters = periods(date(2026, 1, 1), date(2026, 12, 31), "Quarterly")
	assert [(q.key, q.start, q.end) for q in quarters][1] == ("Q2 2026", date(2026, 4, 1), date(2026, 6, 30))
	assert [p.key for p in periods(date(2026, 1, 1), date(2026, 12, 31), "Yearly")] == ["FY 2026"]


def test_bucket_monthly_actuals_into_periods():
	quarters = periods(date(2026, 1, 1), date(2026, 12, 31), "Quarterly")
	monthly = {date(2026, 1, 1): 100, date(2026, 3, 1): 50.5, date(2026, 11, 1): 10}
	assert bucket(monthly, quarters) == {"Q1 2026": 150.5, "Q2 2026": 0.0, "Q3 2026": 0.0, "Q4 2026": 10.0}


def test_utilisation():
	assert utilisation(250, 1000) == 25.0
	assert utilisation(1200, 1000) == 120.0
	assert utilisation(0, 0) is None
	assert utilisation(None, 100) == 0.0


def test_budget_vs_actual_rows():
	quarters = periods(date(2026, 1, 1), date(2026, 12, 31), "Quarterly")
	rows = budget_vs_actual(
		allocated={
			("Main", "Tools & Technology", TOOLS): 800,
			("Main", "Other", TOOLS): 200,
			("Main", "Training & Awareness", TRAINING): 500,
			("Ops", "Training & Awareness", TRAINING): 50,
		},
		budget={("Main", TOOLS): 1000, ("Main", TRAINING): 400, ("Main", TRAVEL): 99},
		actual_monthly={
			("Main", TOOLS, date(2026, 1, 1)): 100,
			("Main", TOOLS, date(2026, 5, 1)): 150,
			("Main", TRAVEL, date(2026, 5, 1)): 70,
			("Ops", TRAINING, date(2026, 12, 1)): 60,
		},
		all_periods=quarters,
	)
	assert [(r["cost_center"], r["category"], r["account"]) for r in rows] == [
		("Main", "Training & Awareness", TRAINING),
		("Main", "Tools & Technology", TOOLS),
		("Ops", "Training & Awareness", TRAINING),
	]
	tools = rows[1]
	assert (
		tools["allocated"],
		tools["budget"],
		tools["actual"],
		tools["variance"],
		tools["utilisation"],
	) == (
		1000.0,
		1000.0,
		250.0,
		750.0,
		25.0,
	)
	assert tools["by_period"] == {"Q1 2026": 100.0, "Q2 2026": 150.0, "Q3 2026": 0.0, "Q4 2026": 0.0}
	ops = rows[2]
	assert (ops["budget"], ops["variance"], ops["utilisation"]) == (None, -60.0, 120.0)
