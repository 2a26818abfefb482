# Copyright (c) 2026, isms_leadership contributors
# License: MIT. See license.txt

"""The background job that builds an ISMS Evidence Pack: one ZIP for a company and period with
the policies in force, the roles, the budget, the review minutes, the actions and the
leadership evidence, and a manifest of every file's SHA-256 and the record versions it was
built from. The ZIP is kept as a private File attached to the pack."""

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
from frappe.utils import now_datetime
from frappe.utils.pdf import get_pdf

BUILD = "isms_leadership.tasks.evidence_pack.build"


def enqueue_build(pack: str) -> None:
	"""Build ``pack`` in the background after the commit (at once in tests)."""
	# the same job, id and queue as ISMSEvidencePack.after_insert
	frappe.enqueue(
		BUILD,
		queue="long",
		timeout=3600,
		job_id=f"isms-evidence-pack::{frappe.local.site}::{pack}",
		deduplicate=True,
		enqueue_after_commit=True,
		now=frappe.flags.in_test,
		pack=pack,
	)


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
		saved = frappe.get_doc(
			{
				"doctype": "File",
				"file_name": f"evidence-pack-{safe(doc.company)}-{doc.from_date}-{doc.to_date}.zip",
				"attached_to_doctype": doc.doctype,
				"attached_to_name": doc.name,
				"is_private": 1,
				"content": buffer.getvalue(),
			}
		).insert()
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
		(_("Policies"), policy_files),
		(_("Roles"), role_files),
		(_("Budget"), budget_files),
		(_("Reviews"), review_files),
		(_("Actions"), action_files),
		(_("Evidence"), evidence_files),
		(_("Management body statements"), statement_files),
	]
	for i, (label, step) in enumerate(steps):
		frappe.publish_progress(
			i * 100 / len(steps),
			title=_("Building the evidence pack"),
			doctype=doc.doctype,
			docname=doc.name,
			description=label,
		)
		yield from step(doc)
	frappe.publish_progress(100, title=_("Building the evidence pack"), doctype=doc.doctype, docname=doc.name)


def report_result(report_name: str, filters: dict) -> tuple[list, list]:
	"""Columns and rows of one of the app's script reports, run through the Report document as
	the user who asked for the pack, with the checks the desk makes before it runs a report."""
	report = frappe.get_doc("Report", report_name)
	# Report.execute_script_report checks nothing itself; these are the checks of
	# frappe.desk.query_report.get_report_doc
	if not report.is_permitted():
		frappe.throw(_("You don't have access to Report: {0}").format(_(report_name)), frappe.PermissionError)
	if not frappe.has_permission(report.ref_doctype, "report"):
		frappe.throw(
			_("You don't have permission to get a report on: {0}").format(_(report.ref_doctype)),
			frappe.PermissionError,
		)
	# Not saved. This run is in the background already: without it, a run over 15 s would
	# switch the report to a prepared report for every desk user (execute_script_report's watcher).
	report.prepared_report = 1
	columns, data, *_rest = report.execute_script_report(filters)
	return columns, data


_STYLESHEET = re.compile(r'<link[^>]+href="(/assets/[^"]+\.css)"[^>]*>')


def print_pdf(doctype: str, name: str) -> bytes:
	"""The document's standard print format as PDF.

	The print's stylesheets are inlined from the bench's assets (without the fonts and images
	they reference), so the PDF does not depend on a web server being reachable from the
	background worker.
	"""
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
	columns, data = report_result("Role Coverage", {"company": doc.company})
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
		columns, data = report_result(
			"Security Budget vs Actual",
			{"company": doc.company, "fiscal_year": year, "period": "Quarterly"},
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
	columns, data = report_result("ISMS Actions", {"company": doc.company})
	actions = frappe.get_all("ISMS Action", filters={"company": doc.company}, fields=["name", "modified"])
	yield "actions/isms-actions.csv", to_csv(columns, data), [source("ISMS Action", a) for a in actions]


def evidence_files(doc):
	columns, data = report_result("Leadership Evidence", {"company": doc.company, "on_date": doc.to_date})
	yield "evidence/leadership-evidence.csv", to_csv(columns, data), []


def statement_files(doc):
	"""The management body statements top management approved whose period meets the pack's,
	as their PDF (NIS2 Article 20, DORA Article 5)."""
	for statement in frappe.get_all(
		"Management Body Statement",
		filters={
			"company": doc.company,
			"docstatus": 1,
			"from_date": ["<=", doc.to_date],
			"to_date": [">=", doc.from_date],
		},
		fields=["name", "framework", "modified"],
		order_by="to_date asc",
	):
		pdf = print_pdf("Management Body Statement", statement.name)
		yield (
			f"statements/{safe(statement.name)}-{safe(statement.framework)}.pdf",
			pdf,
			[source("Management Body Statement", statement)],
		)
