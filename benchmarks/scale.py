"""The scale data of the benchmarks, in one company: employees, ISMS role assignments,
published policies with their acknowledgements, and a General Ledger over cost centers in a
tree with a security budget on it.

At the scale of the issue (the defaults of ``build``): 10,000 employees, 20,000 role
assignments, 500 published policies with 10,000 acknowledgements each for their current
versions (5,000,000 rows), and 1,000,000 expense GL entries with their balancing side
(1,250,000 rows). Rows are written in bulk (``frappe.db.bulk_insert`` in batches of
10,000), bypassing the controllers: the benchmarks measure reading, not the writing of
each record; the kept acknowledgement counts are then set from a recount, as the upgrade
patch does. Everything is written in the caller's transaction, which the benchmarks roll
back at the end.
"""

from __future__ import annotations

import random
import sys
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import COMPANY, bulk_employees, ensure_company
from role_coverage import bulk_assignments

EMPLOYEES = 10_000
ASSIGNMENTS = 20_000
POLICIES = 500
ACKS_PER_POLICY = 10_000
ENTRIES = 1_000_000
BATCH = 10_000

POLICY_FIELDS = ["name", "creation", "modified", "owner", "modified_by", "docstatus", "title", "policy_type",
	"company", "policy_owner", "policy_owner_name", "status", "workflow_state", "version", "policy_family",
	"next_review_due", "effective_from", "requires_acknowledgement", "content", "review_interval_months",
	"approved_by", "approved_on"]  # fmt: skip
ACK_FIELDS = ["name", "creation", "modified", "owner", "modified_by", "docstatus", "security_policy",
	"policy_title", "version", "company", "employee", "employee_name", "status", "due_date",
	"acknowledged_on"]  # fmt: skip


@dataclass
class Scale:
	"""What ``build`` made, and how long each part took to write."""

	employees: list[str] = field(default_factory=list)
	assignments: int = 0
	policies: list[str] = field(default_factory=list)
	acknowledgements: int = 0
	ledger: tuple | None = None  # fiscal_year, year_start, year_end, accounts, children, group
	gl_rows: int = 0
	seconds: dict[str, float] = field(default_factory=dict)


def bulk_policies(
	frappe, employees: list[str], count: int, acks_per_policy: int, *, seed: int = 52
) -> tuple[list[str], int]:
	"""``count`` published policies of the company (each version 1 of its own family, so each
	is the current version), with ``acks_per_policy`` acknowledgements each from different
	employees: 85 % acknowledged, 10 % pending, 5 % overdue. Returns the policy names and the
	number of acknowledgements written."""
	if acks_per_policy > len(employees):
		raise ValueError("one acknowledgement per employee and policy: too few employees")
	now = frappe.utils.now()
	today = date.today()
	rng = random.Random(seed)
	owner = employees[0]
	names, rows = [], []
	for i in range(count):
		name = f"BENCH-POL-{i:05d}"
		names.append(name)
		due = today + timedelta(days=rng.randint(-60, 365))
		rows.append(
			(name, now, now, "Administrator", "Administrator", 1, f"Bench Policy {i}", "Topic-specific Policy",
			 COMPANY, owner, "Bench 0", "Published", "Published", 1, name, due, today - timedelta(days=300), 1,
			 "<p>Policy text.</p>", 12, "Administrator", now)
		)  # fmt: skip
	frappe.db.bulk_insert("Security Policy", POLICY_FIELDS, rows, chunk_size=BATCH)

	overdue_since = today - timedelta(days=20)

	def acknowledgements():
		for i, policy in enumerate(names):
			for j in range(acks_per_policy):
				k = (i * acks_per_policy + j) % len(employees)
				kind = j % 20
				status = "Acknowledged" if kind < 17 else "Pending" if kind < 19 else "Overdue"
				yield (
					f"BENCH-ACK-{i:05d}-{j:05d}", now, now, "Administrator", "Administrator", 0, policy,
					f"Bench Policy {i}", 1, COMPANY, employees[k], f"Bench {k}", status,
					overdue_since if status == "Overdue" else today + timedelta(days=14),
					now if status == "Acknowledged" else None,
				)  # fmt: skip

	frappe.db.bulk_insert("Policy Acknowledgement", ACK_FIELDS, acknowledgements(), chunk_size=BATCH)
	return names, count * acks_per_policy


def keep_counts(frappe) -> int:
	"""Set the kept acknowledgement counts (Policy Acknowledgement Count) from a recount, as
	the upgrade patch does: the acknowledgements were written behind the app's back. Data
	setup, not a measured page. Returns the number of policies counted."""
	from isms_leadership import ack_counts
	from isms_leadership.queries.policies import recount_acknowledgements

	counted = recount_acknowledgements()
	for policy, counts in counted.items():
		ack_counts.set_counts(policy, counts)
	return len(counted)


def build(
	frappe,
	*,
	employees: int = EMPLOYEES,
	assignments: int = ASSIGNMENTS,
	roles: list[str] | None = None,
	policies: int = POLICIES,
	acks_per_policy: int = ACKS_PER_POLICY,
	entries: int = ENTRIES,
) -> Scale:
	"""Write the scale data in the current transaction and print how long each part took.

	``roles``: the ISMS Roles the assignments are spread over (default: all of them)."""
	from security_budget import setup_ledger

	scale = Scale()

	def timed(label: str, fn, *args, **kwargs):
		started = time.perf_counter()
		result = fn(*args, **kwargs)
		scale.seconds[label] = time.perf_counter() - started
		print(f"  {label:<58} {scale.seconds[label]:>8.1f} s")
		sys.stdout.flush()
		return result

	print("Writing the scale data:")
	timed("company", ensure_company, frappe)
	scale.ledger = timed(
		f"ledger: budgets, allocations and {entries:,} expense GL entries", setup_ledger, frappe, entries
	)
	scale.gl_rows = frappe.db.count("GL Entry", {"company": COMPANY})
	scale.employees = timed(f"{employees:,} employees", bulk_employees, frappe, employees, 0)
	if assignments:
		roles = roles or frappe.get_all("ISMS Role", pluck="name", order_by="name")
		timed(
			f"{assignments:,} role assignments over {len(roles)} roles",
			bulk_assignments,
			frappe,
			scale.employees,
			assignments,
			0,
			roles,
		)
		scale.assignments = assignments
	if policies:
		scale.policies, scale.acknowledgements = timed(
			f"{policies:,} policies, {policies * acks_per_policy:,} acknowledgements",
			bulk_policies,
			frappe,
			scale.employees,
			policies,
			acks_per_policy,
		)
		timed("kept acknowledgement counts (recounted, as the upgrade patch)", keep_counts, frappe)
	total = sum(scale.seconds.values())
	print(f"  {'all':<58} {total:>8.1f} s")
	return scale
