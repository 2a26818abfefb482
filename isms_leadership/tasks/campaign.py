"""The acknowledgement campaign of a policy version just published: its audience is asked,
in batches of ``BATCH_SIZE`` in a background job, with progress on the policy's form.

The acknowledgements are written with ``bulk_insert`` (one query a batch), named from the
doctype's own series; one acknowledgement per employee and version (a unique key), so
running the campaign again asks nobody twice."""

from __future__ import annotations

from collections import Counter

import frappe
from frappe import _
from frappe.model.naming import parse_naming_series
from frappe.utils import cint, getdate, now_datetime, today

from isms_leadership import ack_counts
from isms_leadership.core.policy import acknowledgement_due, acknowledgement_status, plan_acknowledgements
from isms_leadership.queries.policies import audience_members, previous_acknowledgements
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

	Idempotent: members already asked are skipped. Returns how many were created and how
	many of them carried over from the previous version.
	"""
	doc = frappe.get_doc("Security Policy", policy)
	if doc.docstatus != 1 or not doc.requires_acknowledgement:
		return {"created": 0, "carried_over": 0}
	members = audience_members(doc)
	already_asked = frappe.get_all(
		"Policy Acknowledgement", filters={"security_policy": policy}, pluck="employee"
	)
	previous = previous_acknowledgements(doc.previous_version) if doc.previous_version else {}
	due = acknowledgement_due(getdate(today()), get_settings().acknowledgement_due_days)
	plan = plan_acknowledgements(
		[(m.name, m.user_id) for m in members], already_asked, previous, bool(doc.material_change), due
	)
	names = {m.name: m.employee_name for m in members}
	now, user, day = now_datetime(), frappe.session.user, getdate(today())
	total = len(plan)
	for start in range(0, total, BATCH_SIZE):
		batch = plan[start : start + BATCH_SIZE]
		batch_names = reserve_names(len(batch))
		statuses = [acknowledgement_status(row.acknowledged_on, row.due_date, day).value for row in batch]
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
					names.get(row.employee),
					row.user,
					status,
					row.due_date,
					row.acknowledged_on,
					row.carried_over_from,
				)
				for name, row, status in zip(batch_names, batch, statuses, strict=True)
			],
			ignore_duplicates=True,
		)
		# the kept counts move with the rows, in the same transaction (nobody else asks the
		# audience of this version: the job is deduplicated and the plan skips those asked)
		ack_counts.move({doc.name: Counter(statuses)})
		if commit_each_batch:
			frappe.db.commit()  # nosemgrep: a background job over many records keeps each finished batch
		done = min(start + BATCH_SIZE, total)
		frappe.publish_progress(
			done * 100 / total,
			title=_("Asking for acknowledgements"),
			doctype="Security Policy",
			docname=doc.name,
			description=_("{0} of {1} employees").format(done, total),
		)
	carried = sum(1 for row in plan if row.carried_over_from)
	if total:
		doc.add_comment(
			"Info",
			_("{0} employees asked to acknowledge this version; {1} acknowledgements carried over.").format(
				total - carried, carried
			),
		)
	return {"created": total, "carried_over": carried}


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
