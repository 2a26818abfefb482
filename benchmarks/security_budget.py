"""Security Budget vs Actual over a large General Ledger, side by side with ERPNext's Budget
Variance report and one hand-written aggregate query, on the same data in one run.

Run from a checkout against a bench site:

    ~/frappe-bench/env/bin/python benchmarks/security_budget.py --site isms-test.localhost

Options: ``--entries N`` expense GL entries (default 1,000,000; a balancing entry is added
for every four, so about 1.25 N rows). Budget lines: 30 accounts on each of 3 cost centers
(90 lines) under a group cost center, which also has an allocation of its own to show the
roll-up. The data is inserted in one transaction and rolled back at the end.
"""

from __future__ import annotations

import random
import re
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import COMPANY, connect, ensure_company, measure, print_row

ACCOUNTS = 30
OTHER_ACCOUNTS = 10
CHILDREN = ("Bench Security A", "Bench Security B", "Bench Security C")
GL_FIELDS = (
	"name",
	"creation",
	"modified",
	"owner",
	"modified_by",
	"docstatus",
	"posting_date",
	"account",
	"cost_center",
	"debit",
	"credit",
	"debit_in_account_currency",
	"credit_in_account_currency",
	"account_currency",
	"company",
	"fiscal_year",
	"voucher_type",
	"voucher_no",
	"is_opening",
	"is_cancelled",
)


def make_account(frappe, name: str, parent: str) -> str:
	abbr = frappe.db.get_value("Company", COMPANY, "abbr")
	full = f"{name} - {abbr}"
	if not frappe.db.exists("Account", full):
		frappe.get_doc(
			{
				"doctype": "Account",
				"account_name": name,
				"company": COMPANY,
				"parent_account": parent,
				"root_type": "Expense",
				"report_type": "Profit and Loss",
			}
		).insert(ignore_permissions=True)
	return full


def make_cost_center(frappe, name: str, parent: str, is_group: int = 0) -> str:
	abbr = frappe.db.get_value("Company", COMPANY, "abbr")
	full = f"{name} - {abbr}"
	if not frappe.db.exists("Cost Center", full):
		frappe.get_doc(
			{
				"doctype": "Cost Center",
				"cost_center_name": name,
				"company": COMPANY,
				"parent_cost_center": parent,
				"is_group": is_group,
			}
		).insert(ignore_permissions=True)
	return full


def setup_ledger(frappe, entries: int):
	from erpnext.accounts.utils import get_fiscal_year

	ensure_company(frappe)
	abbr = frappe.db.get_value("Company", COMPANY, "abbr")
	fiscal_year, year_start, year_end = get_fiscal_year(frappe.utils.today(), company=COMPANY)[:3]
	parent_account = frappe.db.get_value(
		"Account",
		{"company": COMPANY, "root_type": "Expense", "is_group": 1, "account_name": "Indirect Expenses"},
	)
	security = [
		make_account(frappe, f"Bench Security Expense {i:02d}", parent_account) for i in range(ACCOUNTS)
	]
	other = [
		make_account(frappe, f"Bench Other Expense {i:02d}", parent_account) for i in range(OTHER_ACCOUNTS)
	]
	root = frappe.db.get_value(
		"Cost Center", {"company": COMPANY, "is_group": 1, "parent_cost_center": ["is", "not set"]}
	)
	group = make_cost_center(frappe, "Bench Security", root, is_group=1)
	children = [make_cost_center(frappe, name, group) for name in CHILDREN]
	elsewhere = make_cost_center(frappe, "Bench Elsewhere", root)
	cash = f"Cash - {abbr}"

	for cc in children:
		budget = frappe.get_doc(
			{
				"doctype": "Budget",
				"budget_against": "Cost Center",
				"company": COMPANY,
				"cost_center": cc,
				"fiscal_year": fiscal_year,
				"applicable_on_booking_actual_expenses": 1,
				"action_if_annual_budget_exceeded": "Warn",
				"accounts": [{"account": a, "budget_amount": 1_000_000} for a in security],
			}
		).insert(ignore_permissions=True)
		budget.submit()
	for cc in [*children, group]:
		allocation = frappe.get_doc(
			{
				"doctype": "Resource Allocation",
				"purpose": f"Benchmark {cc}",
				"company": COMPANY,
				"fiscal_year": fiscal_year,
				"cost_center": cc,
				"budget_action": "Warn",
				"lines": [
					{"category": "Tools & Technology", "account": a, "amount": 1_000_000} for a in security
				],
			}
		).insert(ignore_permissions=True)
		# approved as data: the benchmark measures the report, not the approval
		allocation.db_set({"docstatus": 1, "status": "Approved"})

	rng = random.Random(27001)
	accounts = security + other
	cost_centers = [*children, elsewhere]
	days = (year_end - year_start).days
	now = frappe.utils.now()
	placeholders = "(" + ", ".join(["%s"] * len(GL_FIELDS)) + ")"
	columns = ", ".join(f"`{f}`" for f in GL_FIELDS)
	started = time.perf_counter()
	chunk, written, balance = [], 0, 0.0

	def flush():
		nonlocal chunk
		if chunk:
			sql = f"insert into `tabGL Entry` ({columns}) values " + ", ".join([placeholders] * len(chunk))
			frappe.db.sql(sql, [v for row in chunk for v in row])
			chunk = []

	for i in range(entries):
		amount = round(rng.uniform(1, 1000), 2)
		posting = year_start + timedelta(days=rng.randint(0, days))
		chunk.append(
			(f"BENCH-GLE-{i:08d}", now, now, "Administrator", "Administrator", 1, posting,
			 accounts[rng.randrange(len(accounts))], cost_centers[rng.randrange(len(cost_centers))],
			 amount, 0, amount, 0, "USD", COMPANY, fiscal_year, "Journal Entry", f"BENCH-JV-{i // 4:07d}", "No", 0)
		)  # fmt: skip
		balance += amount
		if i % 4 == 3 or i == entries - 1:
			chunk.append(
				(f"BENCH-GLC-{i:08d}", now, now, "Administrator", "Administrator", 1, posting, cash,
				 f"Main - {abbr}", 0, round(balance, 2), 0, round(balance, 2), "USD", COMPANY, fiscal_year,
				 "Journal Entry", f"BENCH-JV-{i // 4:07d}", "No", 0)
			)  # fmt: skip
			written += 1
			balance = 0.0
		if len(chunk) >= 5_000:
			written += len(chunk)
			flush()
	written += len(chunk)
	flush()
	rows = frappe.db.count("GL Entry", {"company": COMPANY})
	print(f"Inserted {rows:,} GL entries in {time.perf_counter() - started:.1f} s")
	return fiscal_year, year_start, year_end, security, children, group


def compare(frappe, ledger, budget_variance: bool = True) -> list[tuple[str, dict]]:
	"""Security Budget vs Actual, one hand-written aggregate and (with ``budget_variance``)
	ERPNext's Budget Variance report on the same ledger; print and return the labelled
	figures, the ratios and whether all give the same actuals."""
	from frappe.query_builder.functions import Sum

	from erpnext.accounts.report.budget_variance_report.budget_variance_report import (
		execute as variance,
	)

	from isms_leadership.isms_leadership.report.security_budget_vs_actual.security_budget_vs_actual import (
		execute,
	)

	fiscal_year, year_start, year_end, accounts, children, _group = ledger
	results = {}

	def ours_children():
		results["ours"] = {
			(r["cost_center"], r["account"]): r["actual"]
			for r in execute({"company": COMPANY, "fiscal_year": fiscal_year, "period": "Yearly"})[1]
			if r["cost_center"] in children
		}

	def ours_monthly():
		execute({"company": COMPANY, "fiscal_year": fiscal_year, "period": "Monthly"})

	def theirs():
		data = variance(
			frappe._dict(
				company=COMPANY,
				from_fiscal_year=fiscal_year,
				to_fiscal_year=fiscal_year,
				period="Yearly",
				budget_against="Cost Center",
				budget_against_filter=list(children),
			)
		)[1]
		results["theirs"] = {(row[0], row[1]): round(row[3], 2) for row in data}

	def aggregate():
		gle = frappe.qb.DocType("GL Entry")
		rows = (
			frappe.qb.from_(gle)
			.select(gle.cost_center, gle.account, Sum(gle.debit - gle.credit))
			.where(gle.company == COMPANY)
			.where(gle.is_cancelled == 0)
			.where(gle.posting_date[year_start:year_end])
			.where(gle.cost_center.isin(children))
			.where(gle.account.isin(accounts))
			.groupby(gle.cost_center, gle.account)
		).run()
		results["aggregate"] = {(cc, account): round(float(amount), 2) for cc, account, amount in rows}

	lines = len(accounts) * len(children)
	rows = [
		(f"Security Budget vs Actual, Yearly ({lines} lines + group)", measure(frappe, ours_children)),
		("Security Budget vs Actual, Monthly", measure(frappe, ours_monthly)),
		("One aggregate query over GL Entry", measure(frappe, aggregate)),
	]
	for row in rows:
		print_row(*row)
	if budget_variance:
		rows.append(
			(
				f"ERPNext Budget Variance, Yearly ({lines} lines)",
				measure(frappe, theirs, repeat=1, memory=False),
			)
		)
		print_row(*rows[-1])
	ours, single = rows[0][1]["seconds"], rows[2][1]["seconds"]
	print(f"ours / aggregate: {ours / single:.2f}x")
	if budget_variance:
		print(f"Budget Variance / ours: {rows[3][1]['seconds'] / ours:.0f}x")
	same = results["ours"] == results["aggregate"] == results.get("theirs", results["ours"])
	compared = "all three" if budget_variance else "ours and the aggregate"
	print(f"Actuals equal in {compared} ({len(results['ours'])} cost center and account pairs): {same}")
	return rows


def captured(frappe, fn, *args, marker: str = "tabGL Entry", **kwargs) -> list[tuple[str, object]]:
	"""The statements naming ``marker`` that one call of ``fn`` sends, with their values."""
	seen: list[tuple[str, object]] = []
	original = frappe.db.sql

	def sql(query, values=(), *a, **kw):
		if marker in str(query):
			seen.append((str(query), values))
		return original(query, values, *a, **kw)

	frappe.db.sql = sql
	try:
		fn(*args, **kwargs)
	finally:
		frappe.db.sql = original
	return seen


PLAN = ("table", "type", "key", "key_len", "rows", "r_rows", "filtered", "r_filtered", "Extra")


def explain(frappe, query: str, values, keywords=("EXPLAIN",)):
	for keyword in keywords:
		for row in frappe.db.sql(f"{keyword} {query}", values, as_dict=True):
			print(f"    {keyword:<8} " + "  ".join(f"{k}={row.get(k)}" for k in PLAN if k in row))


def index_rows(frappe, ledger) -> list[tuple[str, dict]]:
	"""The spending query of the app (``queries.budget.actuals``) for the group cost center
	and its security accounts over the fiscal year, with the app's index over GL Entry and
	with ``IGNORE INDEX``; print and return the labelled figures and both query plans."""
	from isms_leadership.integrations.budget import GL_INDEX
	from isms_leadership.queries.budget import actuals

	_fiscal_year, year_start, year_end, accounts, _children, group = ledger
	if not frappe.db.has_index("tabGL Entry", GL_INDEX):
		print(f"GL Entry has no index {GL_INDEX}: run isms_leadership.integrations.budget.ensure_gl_index")
	(query, values), *_rest = captured(frappe, actuals, COMPANY, [group], accounts, year_start, year_end)
	# the table reference, not EXTRACT(YEAR FROM `tabGL Entry`.`posting_date`)
	ignoring = re.sub(
		r"FROM `tabGL Entry`(?!\.)", f"FROM `tabGL Entry` IGNORE INDEX (`{GL_INDEX}`)", query, count=1
	)
	if ignoring == query:
		print(f"  (could not place IGNORE INDEX in: {query[:200]})")

	rows = [
		(
			f"Spending query (actuals), group of 3 cost centers, {len(accounts)} accounts",
			measure(frappe, actuals, COMPANY, [group], accounts, year_start, year_end),
		),
		(
			f"  the same SQL with IGNORE INDEX ({GL_INDEX})",
			measure(frappe, lambda: frappe.db.sql(ignoring, values)),
		),
	]
	for row in rows:
		print_row(*row)
	print(f"  with the index / without: {rows[0][1]['seconds'] / rows[1][1]['seconds']:.2f}x")
	print(f"  {query[:400]}")
	print("  with the index:")
	explain(frappe, query, values, ("EXPLAIN", "ANALYZE"))
	print("  IGNORE INDEX:")
	explain(frappe, ignoring, values, ("EXPLAIN", "ANALYZE"))
	return rows


def main():
	frappe, _args, extra = connect(__doc__.splitlines()[0])
	entries = int(extra[extra.index("--entries") + 1]) if "--entries" in extra else 1_000_000
	print(f"Security budget benchmark on {frappe.local.site}; frappe {frappe.__version__}")
	try:
		compare(frappe, setup_ledger(frappe, entries))
	finally:
		started = time.perf_counter()
		frappe.db.rollback()
		print(f"Rolled back in {time.perf_counter() - started:.1f} s")
		frappe.destroy()


if __name__ == "__main__":
	main()
