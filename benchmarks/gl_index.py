"""What the app's index over GL Entry costs when the General Ledger is written.

Run from a checkout against a bench site:

    ~/frappe-bench/env/bin/python benchmarks/gl_index.py --site isms-bench.localhost

The app adds one index to ERPNext's GL Entry, ``isms_leadership_spending`` (cost_center,
account, posting_date, company, is_cancelled, debit, credit), so that its spending query
reads the index alone. Every GL row written by ERPNext then also writes an index entry.
This script makes two scratch copies of the table (``CREATE TABLE … LIKE `tabGL Entry```),
one with the index and one without, inserts the same 100,000 GL rows into each (in
statements of 5,000 rows, one transaction, committed: as a large posting does), best of
three runs each (every run adds its rows), and prints the times, the ratio and the size of
the index; then, on each copy, over committed rows, the app's spending query (for the
group cost center, and for the three cost centers and the group as Security Budget vs
Actual asks) and the suite's hand-written aggregate, with their plans (the suite's rows are
never committed, which makes InnoDB check every secondary index entry against its row: see
RESULTS.md). Options: ``--rows N`` (default 100,000), ``--base N`` rows written
into each copy first (default 0; e.g. 1,150,000 for the suite's 1,250,000).
The copies are dropped at the end. DDL commits, so this runs outside any benchmark
transaction and writes nothing to the site's own tables.
"""

from __future__ import annotations

import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import connect
from security_budget import GL_FIELDS

WITH, WITHOUT = "isms_bench_gl_with_index", "isms_bench_gl_without_index"
STATEMENT = 5_000


def option(extra: list[str], name: str, default: int) -> int:
	return int(extra[extra.index(name) + 1]) if name in extra else default


def gl_rows(count: int, offset: int = 0, seed: int = 27001):
	"""GL rows shaped like the benchmark ledger's: 40 expense accounts, 4 cost centers, one
	year, a balancing entry on Cash for every four."""
	rng = random.Random(seed + offset)
	accounts = [f"Bench Security Expense {i:02d} - ISMSB" for i in range(30)] + [
		f"Bench Other Expense {i:02d} - ISMSB" for i in range(10)
	]
	cost_centers = [f"Bench Security {c} - ISMSB" for c in "ABC"] + ["Bench Elsewhere - ISMSB"]
	start, now = date(date.today().year, 1, 1), "2026-01-01 00:00:00"
	balance = 0.0
	for i in range(offset, offset + count):
		amount = round(rng.uniform(1, 1000), 2)
		posting = start + timedelta(days=rng.randint(0, 364))
		balance += amount
		if i % 5 == 4:
			yield (f"BENCH-GLC-{i:08d}", now, now, "Administrator", "Administrator", 1, posting,
				"Cash - ISMSB", "Main - ISMSB", 0, round(balance, 2), 0, round(balance, 2), "USD",
				"ISMS Benchmark Company", str(start.year), "Journal Entry", f"BENCH-JV-{i // 5:07d}", "No", 0)  # fmt: skip
			balance = 0.0
		else:
			yield (f"BENCH-GLE-{i:08d}", now, now, "Administrator", "Administrator", 1, posting,
				accounts[rng.randrange(len(accounts))], cost_centers[rng.randrange(len(cost_centers))],
				amount, 0, amount, 0, "USD", "ISMS Benchmark Company", str(start.year), "Journal Entry",
				f"BENCH-JV-{i // 5:07d}", "No", 0)  # fmt: skip


def insert(frappe, table: str, count: int, offset: int = 0) -> float:
	"""Insert ``count`` GL rows into ``table`` in statements of 5,000 and commit; seconds."""
	columns = ", ".join(f"`{f}`" for f in GL_FIELDS)
	placeholders = "(" + ", ".join(["%s"] * len(GL_FIELDS)) + ")"
	started = time.perf_counter()
	chunk: list[tuple] = []
	for row in gl_rows(count, offset):
		chunk.append(row)
		if len(chunk) == STATEMENT:
			frappe.db.sql(
				f"insert into `{table}` ({columns}) values " + ", ".join([placeholders] * len(chunk)),
				[v for r in chunk for v in r],
			)
			chunk = []
	if chunk:
		frappe.db.sql(
			f"insert into `{table}` ({columns}) values " + ", ".join([placeholders] * len(chunk)),
			[v for r in chunk for v in r],
		)
	frappe.db.commit()
	return time.perf_counter() - started


def sizes(frappe, table: str) -> tuple[float, float]:
	"""MiB of the rows and of the secondary indexes of ``table`` (after ANALYZE)."""
	frappe.db.sql(f"analyze table `{table}`")
	data, index = frappe.db.sql(
		"""select data_length, index_length from information_schema.tables
		where table_schema = database() and table_name = %s""",
		table,
	)[0]
	return float(data) / 2**20, float(index) / 2**20


def spending(frappe, total: int):
	"""On each committed copy, best of 3 with its plan: the app's spending query
	(``queries.budget.actuals``) for the group cost center (the Resource Allocation form, the
	budget card) and for the three cost centers and the group (Security Budget vs Actual,
	Yearly), and the suite's hand-written aggregate over the three cost centers. The benchmark
	company's cost centers must exist (they stay on a site where ``replica.py`` ran)."""
	from security_budget import CHILDREN, captured, explain

	from isms_leadership.queries.budget import actuals

	group = frappe.db.get_value("Cost Center", {"cost_center_name": "Bench Security", "is_group": 1})
	if not group:
		print(
			"  (the spending queries are left out: the benchmark company's cost centers are not on this site)"
		)
		return
	children = [f"{name} - ISMSB" for name in CHILDREN]
	accounts = [f"Bench Security Expense {i:02d} - ISMSB" for i in range(30)]
	year = date.today().year
	start, end = date(year, 1, 1), date(year, 12, 31)
	company = "ISMS Benchmark Company"
	queries = []
	for label, roots in (
		("actuals, the group", [group]),
		("actuals, 3 cost centers + group", [*children, group]),
	):
		(query, values), *_rest = captured(frappe, actuals, company, roots, accounts, start, end)
		queries.append((label, query, values))
	marks = ", ".join(["%s"] * len(children)), ", ".join(["%s"] * len(accounts))
	queries.append(
		(
			"hand-written aggregate, 3 cost centers",
			f"""select cost_center, account, sum(debit - credit) from `tabGL Entry`
			where company = %s and is_cancelled = 0 and posting_date between %s and %s
			and cost_center in ({marks[0]}) and account in ({marks[1]}) group by cost_center, account""",
			[company, start, end, *children, *accounts],
		)
	)
	print(f"Spending queries over {total:,} committed rows (best of 3):")
	for label, query, values in queries:
		for table in (WITH, WITHOUT):
			sql = query.replace("`tabGL Entry`", f"`{table}`")
			times = []
			for _ in range(3):
				started = time.perf_counter()
				rows = frappe.db.sql(sql, values)
				times.append(time.perf_counter() - started)
			print(f"  {label:<40} {table:<30} {min(times):>8.3f} s   {len(rows)} rows")
			explain(frappe, sql, values, ("ANALYZE",))


def main():
	frappe, _args, extra = connect(__doc__.splitlines()[0])
	from isms_leadership.integrations.budget import GL_INDEX, GL_INDEX_COLUMNS

	count, base = option(extra, "--rows", 100_000), option(extra, "--base", 0)
	print(f"GL index insert cost on {frappe.local.site}; frappe {frappe.__version__}")
	print(f"Index {GL_INDEX} ({', '.join(GL_INDEX_COLUMNS)})")
	columns = ", ".join(f"`{c}`" for c in GL_INDEX_COLUMNS)
	try:
		for table, indexed in ((WITH, True), (WITHOUT, False)):
			frappe.db.sql_ddl(f"drop table if exists `{table}`")
			frappe.db.sql_ddl(f"create table `{table}` like `tabGL Entry`")
			has = frappe.db.has_index(table, GL_INDEX)
			if indexed and not has:
				frappe.db.sql_ddl(f"alter table `{table}` add index `{GL_INDEX}` ({columns})")
			if not indexed and has:
				frappe.db.sql_ddl(f"alter table `{table}` drop index `{GL_INDEX}`")
		indexes = len(frappe.db.sql(f"show index from `{WITHOUT}`"))
		print(f"Scratch copies of GL Entry: {WITH} and {WITHOUT} ({indexes} index columns without ours)")
		if base:
			for table in (WITH, WITHOUT):
				started = time.perf_counter()
				for start in range(0, base, 100_000):
					insert(frappe, table, min(100_000, base - start), offset=10_000_000 + start)
				print(f"  {table}: {base:,} rows written first in {time.perf_counter() - started:.1f} s")
		times: dict[str, list[float]] = {WITH: [], WITHOUT: []}
		for run in range(3):
			# alternate the order, so neither copy always runs on a warmer server
			for table in (WITH, WITHOUT) if run % 2 == 0 else (WITHOUT, WITH):
				times[table].append(insert(frappe, table, count, offset=run * count))
		with_index, without = min(times[WITH]), min(times[WITHOUT])
		print(f"Insert {count:,} GL rows into a copy holding {base:,} or more (best of 3, committed):")
		for table, label in ((WITH, f"with {GL_INDEX}"), (WITHOUT, "without it")):
			runs = ", ".join(f"{t:.2f}" for t in times[table])
			print(f"  {label:<44} {min(times[table]):>8.3f} s   runs {runs}")
		print(
			f"  the index costs {with_index - without:+.3f} s per {count:,} rows "
			f"({(with_index / without - 1) * 100:+.0f} %, {(with_index - without) / count * 1e6:+.1f} µs a row)"
		)
		total = base + 3 * count
		(data, with_indexes), (_data, without_indexes) = sizes(frappe, WITH), sizes(frappe, WITHOUT)
		print(
			f"  size of {GL_INDEX}: about {with_indexes - without_indexes:.1f} MiB for {total:,} rows "
			f"(secondary indexes {with_indexes:.1f} MiB with it, {without_indexes:.1f} MiB without; "
			f"rows {data:.1f} MiB)"
		)
		spending(frappe, total)
	finally:
		for table in (WITH, WITHOUT):
			frappe.db.sql_ddl(f"drop table if exists `{table}`")
		print("Scratch copies dropped")
		frappe.destroy()


if __name__ == "__main__":
	main()
