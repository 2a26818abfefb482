"""Policy publication at scale: acknowledgement campaigns to 10,000 employees and the form
of a policy with 10,000 acknowledgements.

Run from a checkout against a bench site:

    ~/frappe-bench/env/bin/python benchmarks/policy_campaign.py --site isms-test.localhost

Prints, for audiences of 100, 1,000 and 10,000 employees, the time and query count of the
background job that asks them (``run_campaign``), of running it again (nothing to do), and
of loading the policy form as the desk does (``getdoc`` and the connection counts). The
form's query count must not grow with the acknowledgements. The data is inserted in one
transaction and rolled back at the end.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import COMPANY, bulk_employees, connect, ensure_company, measure, print_row

#: departments of the benchmark employees, and how many each has
BLOCKS = (("Bench A", 100), ("Bench B", 900), ("Bench C", 9_000))


def ensure_department(frappe, name: str) -> str:
	abbr = frappe.db.get_value("Company", COMPANY, "abbr")
	full = f"{name} - {abbr}"
	if not frappe.db.exists("Department", full):
		frappe.get_doc(
			{
				"doctype": "Department",
				"department_name": name,
				"company": COMPANY,
				"parent_department": "All Departments",
			}
		).insert(ignore_permissions=True)
	return full


def published_policy(frappe, title: str, departments: list[str]) -> str:
	"""A policy set to Published directly: the benchmark measures the campaign, not approval."""
	doc = frappe.get_doc(
		{
			"doctype": "Security Policy",
			"title": title,
			"policy_type": "Topic-specific Policy",
			"company": COMPANY,
			"policy_owner": frappe.db.get_value("Employee", {"company": COMPANY}, "name"),
			"content": "<p>" + "Keep information safe. " * 200 + "</p>",
			"requires_acknowledgement": 1,
			"audience": [{"audience_type": "Department", "audience": d} for d in departments],
		}
	).insert(ignore_permissions=True)
	doc.db_set(
		{
			"docstatus": 1,
			"status": "Published",
			"workflow_state": "Published",
			"effective_from": frappe.utils.today(),
		}
	)
	return doc.name


def load_form(frappe, name: str):
	from frappe.desk.form.load import getdoc
	from frappe.desk.notifications import get_open_count

	frappe.response.docs = []
	getdoc("Security Policy", name)
	get_open_count("Security Policy", name)


def publish_rows(frappe, audience: int, have: int) -> list[tuple[str, dict]]:
	"""Publish a policy to every employee of the company, first bringing it to ``audience``
	employees in bulk (it has ``have``); the job is timed on one run that is rolled back, and
	its peak Python memory (``tracemalloc``) taken on a second run that is kept; then the
	form of that policy is loaded. Print and return the labelled figures."""
	from _harness import load_form as load_any_form

	from isms_leadership.tasks.campaign import run_campaign

	if audience > have:
		started = time.perf_counter()
		bulk_employees(frappe, audience - have, have)
		print(
			f"  {audience - have:,} more employees written in {time.perf_counter() - started:.1f} s (data setup)"
		)
	policy = published_policy(frappe, f"Benchmark Policy for {audience:,} employees", [])
	figures = measure(frappe, run_campaign, policy, repeat=1, undo=True)
	asked = frappe.db.count("Policy Acknowledgement", {"security_policy": policy})
	rows = [
		(f"Publish a policy to {asked:,} employees (job)", figures),
		("  the same job again, nothing to do", measure(frappe, run_campaign, policy, repeat=1)),
		(
			f"  the form of that policy ({asked:,} acks)",
			measure(frappe, load_any_form, frappe, "Security Policy", policy),
		),
	]
	for row in rows:
		print_row(*row)
	return rows


def main():
	frappe, _args, _extra = connect(__doc__.splitlines()[0])
	from isms_leadership.tasks.campaign import run_campaign

	print(f"Policy campaign benchmark on {frappe.local.site}; frappe {frappe.__version__}")
	try:
		ensure_company(frappe)
		departments, offset = [], 0
		for department, count in BLOCKS:
			departments.append(ensure_department(frappe, department))
			bulk_employees(frappe, count, offset, department=departments[-1])
			offset += count
			policy = published_policy(frappe, f"Benchmark Policy {offset}", list(departments))
			figures = measure(frappe, run_campaign, policy, repeat=1, memory=False)
			asked = frappe.db.count("Policy Acknowledgement", {"security_policy": policy})
			print_row(f"Publish to {asked:,} employees (background job)", figures)
			print_row("  the same job again, nothing to do", measure(frappe, run_campaign, policy, repeat=1))
			print_row(
				f"  load the form, {asked:,} acknowledgements", measure(frappe, load_form, frappe, policy)
			)
	finally:
		frappe.db.rollback()
		frappe.destroy()


if __name__ == "__main__":
	main()
