"""The acknowledgement campaign of a policy version just published: its audience is asked,
in batches of ``BATCH_SIZE`` in a background job, with progress on the policy's form.

The audience is read a page at a time; the acknowledgements are written with
``bulk_insert`` (one query a batch), named from the doctype's own series; one
acknowledgement per employee and version (a unique key), so running the campaign again asks
nobody twice."""

from __future__ import annotations

from collections import Counter

import frappe
from frappe import _
from frappe.model.naming import parse_naming_series
from frappe.utils import cint, getdate, now_datetime, today

from isms_leadership import ack_counts
from isms_leadership.core.policy import (
	acknowledgement_due,
	acknowledgement_status,
	plan_acknowledgements,
	without_user_change,
)
from isms_leadership.queries.policies import (
	WITHOUT_USER,
	already_asked,
	audience_members,
	audience_size,
	previous_acknowledgements,
)
from isms_leadership.settings import get_settings

BATCH_SIZE = 1000


INSERT_FIELDS = (
	"name",
	"creation",
	"modified",
	"modified_by",
	"owner",
	"docstatus",
	"idx",
	"security_policy",
	"policy_title",
	"version",
	"company",
	"employee",
	"employee_name",
	"user",
	"status",
	"due_date",
	"acknowledged_on",
	"carried_over_from",
)


def start_campaign(policy: str) -> None:
	"""Ask the audience of a version just published, in a background job after the commit."""
	frappe.enqueue(
		run_campaign,
		queue="long",
		timeout=3600,
		job_id=f"isms-policy-campaign::{frappe.local.site}::{policy}",
		deduplicate=True,
		enqueue_after_commit=True,
		now=frappe.flags.in_test,
		policy=policy,
		commit_each_batch=not frappe.flags.in_test,
	)


def run_campaign(policy: str, commit_each_batch: bool = False) -> dict[str, int]:
	"""Create the acknowledgements ``policy`` still needs, in batches, with progress.

	The audience is read a page of ``BATCH_SIZE`` employees at a time (with those of them
	already asked and their acknowledgements of the version before), so the memory a
	campaign takes does not grow with the audience. Idempotent: members already asked are
	skipped. Returns how many were created and how many of them carried over from the
	previous version.
	"""
	doc = frappe.get_doc("Security Policy", policy)
	if doc.docstatus != 1 or not doc.requires_acknowledgement:
		return {"created": 0, "carried_over": 0}
	due = acknowledgement_due(getdate(today()), get_settings().acknowledgement_due_days)
	audience = audience_size(doc)
	created = carried = seen = 0
	last = None
	while page := audience_members(doc, after=last, limit=BATCH_SIZE):
		last = page[-1].name
		seen += len(page)
		employees = [m.name for m in page]
		previous = previous_acknowledgements(doc.previous_version, employees) if doc.previous_version else {}
		plan = plan_acknowledgements(
			[(m.name, m.user_id) for m in page],
			already_asked(doc.name, employees),
			previous,
			bool(doc.material_change),
			due,
		)
		if plan:
			insert_batch(doc, plan, {m.name: m.employee_name for m in page})
			created += len(plan)
			carried += sum(1 for row in plan if row.carried_over_from)
		if commit_each_batch:
			frappe.db.commit()  # nosemgrep: a background job over many records keeps each finished batch
		frappe.publish_progress(
			min(seen, audience) * 100 / max(audience, 1),
			title=_("Asking for acknowledgements"),
			doctype="Security Policy",
			docname=doc.name,
			description=_("{0} of {1} employees").format(min(seen, audience), audience),
		)
	if created:
		doc.add_comment(
			"Info",
			_("{0} employees asked to acknowledge this version; {1} acknowledgements carried over.").format(
				created - carried, carried
			),
		)
	return {"created": created, "carried_over": carried}


def insert_batch(doc, plan, employee_names: dict[str, str]) -> None:
	"""Write the acknowledgements ``plan`` of ``doc`` (one insert) and move its kept counts."""
	now, user, day = now_datetime(), frappe.session.user, getdate(today())
	statuses = [acknowledgement_status(row.acknowledged_on, row.due_date, day).value for row in plan]
	frappe.db.bulk_insert(
		"Policy Acknowledgement",
		INSERT_FIELDS,
		[
			(
				name,
				now,
				now,
				user,
				user,
				0,
				0,
				doc.name,
				doc.title,
				doc.version,
				doc.company,
				row.employee,
				employee_names.get(row.employee),
				row.user,
				status,
				row.due_date,
				row.acknowledged_on,
				row.carried_over_from,
			)
			for name, row, status in zip(reserve_names(len(plan)), plan, statuses, strict=True)
		],
		ignore_duplicates=True,
	)
	# the kept counts move with the rows, in the same transaction (nobody else asks the
	# audience of this version: the job is deduplicated and the plan skips those asked)
	ack_counts.move({doc.name: kept_count_changes(plan, statuses)})


def kept_count_changes(batch, statuses: list[str]) -> Counter:
	"""What a batch adds to its version's kept counts: one per state, and those still asked
	who have no user to acknowledge with."""
	change = Counter(statuses)
	change[WITHOUT_USER] = sum(
		without_user_change(None, status) for row, status in zip(batch, statuses, strict=True) if not row.user
	)
	return change


def reserve_names(count: int) -> list[str]:
	"""``count`` names for new acknowledgements, as the doctype's naming gives them
	(``ISMS-ACK-2026-00001``, …), taken from its series in one update."""
	autoname = frappe.get_meta("Policy Acknowledgement").autoname
	key, digits = autoname.rsplit(".", 1)
	prefix = parse_naming_series(key)
	series = frappe.qb.DocType("Series")
	current = frappe.qb.from_(series).select(series.current).where(series.name == prefix).for_update().run()
	start = cint(current[0][0]) if current else 0
	if current:
		frappe.qb.update(series).set(series.current, start + count).where(series.name == prefix).run()
	else:
		frappe.qb.into(series).columns(series.name, series.current).insert(prefix, count).run()
	return [f"{prefix}{number:0{len(digits)}d}" for number in range(start + 1, start + count + 1)]
