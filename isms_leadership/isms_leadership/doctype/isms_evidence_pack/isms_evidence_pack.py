# Copyright (c) 2026, isms_leadership contributors
# License: MIT. See license.txt

"""An auditor's evidence pack: one ZIP for a company and period with the policies in force,
the roles, the budget, the review minutes, the actions and the leadership evidence, and a
manifest of every file's SHA-256 and the record versions it was built from."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import zipfile

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate, now_datetime
from frappe.utils.file_manager import save_file


class ISMSEvidencePack(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		built_on: DF.Datetime | None
		company: DF.Link
		error: DF.SmallText | None
		file_count: DF.Int
		from_date: DF.Date
		manifest: DF.Code | None
		pack_file: DF.Attach | None
		status: DF.Literal["Queued", "Building", "Ready", "Failed"]
		to_date: DF.Date

	# end: auto-generated types
	def validate(self):
		self.keep_results()
		self.keep_scope()
		if self.from_date and self.to_date and getdate(self.from_date) > getdate(self.to_date):
			frappe.throw(_("The period ends before it starts."), title=_("Invalid Period"))

	def after_insert(self):
		enqueue_build(self.name)

	def keep_results(self):
		"""The results of a pack (status, file, manifest, counts) are written by the build job
		only, with ``db_set``: whatever a request sends for them is replaced by what is stored."""
		before = None if self.is_new() else self.get_doc_before_save()
		for fieldname in RESULT_FIELDS:
			self.set(fieldname, before.get(fieldname) if before else None)
		if not before:
			self.status = "Queued"

	def keep_scope(self):
		"""A pack is the evidence of one company and period: ask for a new pack for another."""
		before = None if self.is_new() else self.get_doc_before_save()
		if not before:
			return
		changed = [f for f in SCOPE_FIELDS if str(before.get(f) or "") != str(self.get(f) or "")]
		if changed:
			frappe.throw(
				_("An evidence pack keeps its {0}: request a new pack instead.").format(
					", ".join(_(self.meta.get_label(f)) for f in changed)
				),
				exc=frappe.ValidationError,
				title=_("Not Editable"),
			)


#: written by the build job only
RESULT_FIELDS = ("status", "built_on", "file_count", "pack_file", "error", "manifest")
#: what a pack is the evidence of
SCOPE_FIELDS = ("company", "from_date", "to_date")


def enqueue_build(pack: str) -> None:
	frappe.enqueue(
		build,
		queue="long",
		timeout=3600,
		job_id=f"isms-evidence-pack::{frappe.local.site}::{pack}",
		deduplicate=True,
		enqueue_after_commit=True,
		now=frappe.flags.in_test,
		pack=pack,
	)


@frappe.whitelist(methods=["POST"])
def rebuild(pack: str) -> None:
	"""Build the pack again from the records as they are now."""
	doc = frappe.get_doc("ISMS Evidence Pack", pack)
	doc.check_permission("write")
	doc.db_set("status", "Queued")
	enqueue_build(pack)


def build(pack: str) -> str:
	"""Background job: gather the files, write the ZIP as a private File of the pack."""
	doc = frappe.get_doc("ISMS Evidence Pack", pack)
	doc.db_set("status", "Building")
	try:
		files = list(gather(doc))
		manifest = {
			"company": doc.company,
			"from_date": str(doc.from_date),
			"to_date": str(doc.to_date),
			"built_by": frappe.session.user,
			"built_on": str(now_datetime()),
			"files": [
				{
					"path": path,
					"sha256": hashlib.sha256(content).hexdigest(),
					"bytes": len(content),
					"sources": sources,
				}
				for path, content, sources in files
			],
		}
		buffer = io.BytesIO()
		with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
			for path, content, _sources in files:
				archive.writestr(path, content)
			archive.writestr("manifest.json", json.dumps(manifest, indent=1, default=str))
		name = f"evidence-pack-{safe(doc.company)}-{doc.from_date}-{doc.to_date}.zip"
		saved = save_file(name, buffer.getvalue(), doc.doctype, doc.name, is_private=1)
		doc.db_set(
			{
				"status": "Ready",
				"built_on": now_datetime(),
				"file_count": len(files),
				"pack_file": saved.file_url,
				"manifest": json.dumps(manifest, indent=1, default=str),
				"error": None,
			}
		)
		return saved.file_url
	except Exception:
		doc.db_set({"status": "Failed", "error": frappe.get_traceback()[-1000:]})
		frappe.log_error(title=_("Evidence pack {0} failed").format(pack))
		raise


def gather(doc):
	"""(path in the ZIP, bytes, source records) for each file of the pack, with progress."""
	steps = [
		("policies", policy_files),
		("roles", role_files),
		("budget", budget_files),
		("reviews", review_files),
		("actions", action_files),
		("evidence", evidence_files),
	]
	for i, (label, step) in enumerate(steps):
		frappe.publish_progress(
			i * 100 / len(steps),
			title=_("Building the evidence pack"),
			doctype=doc.doctype,
			docname=doc.name,
			description=_(label.title()),
		)
		yield from step(doc)
	frappe.publish_progress(100, title=_("Building the evidence pack"), doctype=doc.doctype, docname=doc.name)


_STYLESHEET = re.compile(r'<link[^>]+href="(/assets/[^"]+\.css)"[^>]*>')


def print_pdf(doctype: str, name: str) -> bytes:
	"""The document's standard print format as PDF.

	The print's stylesheets are inlined from the bench's assets (without the fonts and images
	they reference), so the PDF does not depend on a web server being reachable from the
	background worker.
	"""
	from frappe.utils.pdf import get_pdf

	html = frappe.get_print(doctype, name, print_format=doctype)

	def inline(match):
		path = os.path.join(frappe.local.sites_path, match.group(1).lstrip("/"))
		if not os.path.exists(path):
			return ""
		with open(path, encoding="utf-8") as stylesheet:
			# fonts and images referenced from the styles would be fetched over the network
			return "<style>" + re.sub(r"url\([^)]*\)", "none", stylesheet.read()) + "</style>"

	return get_pdf(_STYLESHEET.sub(inline, html))


def safe(text) -> str:
	return re.sub(r"[^A-Za-z0-9._-]+", "-", str(text)).strip("-")


def source(doctype: str, row) -> dict:
	out = {"doctype": doctype, "name": row.name, "modified": str(row.modified)}
	if row.get("version") is not None:
		out["version"] = row.version
	return out


def to_csv(columns: list[dict], rows: list[dict]) -> bytes:
	buffer = io.StringIO()
	writer = csv.writer(buffer)
	writer.writerow([c["label"] for c in columns])
	for row in rows:
		writer.writerow([re.sub(r"<[^>]+>", "", str(row.get(c["fieldname"]) or "")) for c in columns])
	return buffer.getvalue().encode()


def policy_files(doc):
	for policy in frappe.get_all(
		"Security Policy",
		filters={"company": doc.company, "docstatus": 1, "status": "Published"},
		fields=["name", "title", "version", "modified"],
		order_by="name asc",
	):
		pdf = print_pdf("Security Policy", policy.name)
		yield (
			f"policies/{safe(policy.name)}-{safe(policy.title)}.pdf",
			pdf,
			[source("Security Policy", policy)],
		)


def role_files(doc):
	from isms_leadership.isms_leadership.report.role_coverage import role_coverage

	filters = frappe._dict(company=doc.company)
	columns, data, *_rest = role_coverage.execute(filters)
	assignments = frappe.get_all(
		"Role Assignment",
		filters={"company": doc.company, "docstatus": 1},
		fields=[
			"name",
			"modified",
			"employee",
			"employee_name",
			"isms_role",
			"from_date",
			"to_date",
			"status",
			"deputy",
			"approved_by",
			"approved_on",
			"accepted_on",
		],
		order_by="isms_role asc, from_date asc",
	)
	sources = [source("Role Assignment", a) for a in assignments]
	yield "roles/role-coverage.csv", to_csv(columns, data), sources
	register_columns = [
		{"fieldname": f, "label": frappe.unscrub(f)}
		for f in (
			"name",
			"isms_role",
			"employee",
			"employee_name",
			"from_date",
			"to_date",
			"status",
			"deputy",
			"approved_by",
			"approved_on",
			"accepted_on",
		)
	]
	yield "roles/role-register.csv", to_csv(register_columns, assignments), sources


def budget_files(doc):
	from isms_leadership.isms_leadership.report.security_budget_vs_actual import security_budget_vs_actual

	for year in frappe.get_all(
		"Fiscal Year",
		filters={
			"year_start_date": ["<=", doc.to_date],
			"year_end_date": [">=", doc.from_date],
			"disabled": 0,
		},
		pluck="name",
		order_by="year_start_date asc",
	):
		allocations = frappe.get_all(
			"Resource Allocation",
			filters={"company": doc.company, "fiscal_year": year, "docstatus": 1},
			fields=["name", "modified"],
		)
		if not allocations:
			continue
		columns, data, *_rest = security_budget_vs_actual.execute(
			{"company": doc.company, "fiscal_year": year, "period": "Quarterly"}
		)
		yield (
			f"budget/security-budget-vs-actual-{safe(year)}.csv",
			to_csv(columns, data),
			[source("Resource Allocation", a) for a in allocations],
		)


def review_files(doc):
	for review in frappe.get_all(
		"Management Review",
		filters={
			"company": doc.company,
			"docstatus": 1,
			"review_date": ["between", [doc.from_date, doc.to_date]],
		},
		fields=["name", "modified"],
		order_by="review_date asc",
	):
		pdf = print_pdf("Management Review", review.name)
		yield f"reviews/{safe(review.name)}.pdf", pdf, [source("Management Review", review)]


def action_files(doc):
	from isms_leadership.isms_leadership.report.isms_actions import isms_actions

	columns, data, *_rest = isms_actions.execute({"company": doc.company})
	actions = frappe.get_all("ISMS Action", filters={"company": doc.company}, fields=["name", "modified"])
	yield "actions/isms-actions.csv", to_csv(columns, data), [source("ISMS Action", a) for a in actions]


def evidence_files(doc):
	from isms_leadership.isms_leadership.report.leadership_evidence import leadership_evidence

	columns, data, *_rest = leadership_evidence.execute({"company": doc.company, "on_date": doc.to_date})
	yield "evidence/leadership-evidence.csv", to_csv(columns, data), []
