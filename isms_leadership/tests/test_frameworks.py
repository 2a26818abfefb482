"""One leadership record, three rulebooks, on the bench: the catalogue installs and a site
extends it, the Framework filter of Leadership Evidence, the workspace score of the frameworks
a company switched on, the framework measures of policies (and DORA's strategy and audit plan),
and the management body statement, signed off by top management, in PDF and in the evidence
pack."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import frappe
from frappe.utils import add_days, add_months, today

import isms_leadership
from isms_leadership.api.frameworks import scores_by_framework
from isms_leadership.core.frameworks import DORA, ISO_27001, NIS2
from isms_leadership.exceptions import (
	ContentChangedError,
	FrameworkMeasureError,
	MissingPolicyStatementError,
	PolicyVersionError,
	RequirementError,
)
from isms_leadership.guards.integrity import content_fingerprint
from isms_leadership.isms_leadership.doctype.security_policy.api import new_version
from isms_leadership.isms_leadership.report.leadership_evidence.leadership_evidence import execute
from isms_leadership.tasks.evidence_pack import print_pdf
from isms_leadership.tests.factories import (
	EXPENSE,
	TEST_COMPANY,
	approve_allocation,
	as_user,
	employee_of,
	make_allocation,
	make_policy,
	make_review,
	make_top_management,
	publish,
	send_for_approval,
	sign_off,
	summarise,
	transition,
)
from isms_leadership.tests.utils import ISMSTestCase

FIXTURE = Path(isms_leadership.__file__).parent / "fixtures" / "isms_requirement.json"
SUPPLY_CHAIN = "NIS2 Art. 21(2)(d)"
STATEMENT = "Management Body Statement"


def switch_on(company: str, *frameworks: str) -> None:
	"""ISMS Settings: exactly ``frameworks`` apply to ``company``."""
	settings = frappe.get_single("ISMS Settings")
	settings.set("company_frameworks", [r for r in settings.company_frameworks if r.company != company])
	for framework in frameworks:
		settings.append("company_frameworks", {"company": company, "framework": framework})
	settings.save()


def report(framework: str = "All", user: str = "auditor@isms.test", company: str = TEST_COMPANY):
	with as_user(user):
		_columns, data, message, _chart, summary = execute({"company": company, "framework": framework})
	return {r["code"]: r for r in data}, message, {s["label"]: s["value"] for s in summary}


def topic_policy(title: str, measures=(), **kwargs):
	return make_policy(
		title,
		policy_type="Topic-specific Policy",
		framework_measures=[{"requirement": name} for name in measures],
		**kwargs,
	)


class TestCatalogue(ISMSTestCase):
	def test_the_catalogue_installs_as_shipped(self):
		shipped = {row["name"]: row for row in json.loads(FIXTURE.read_text())}
		rows = frappe.get_all(
			"ISMS Requirement",
			filters={"is_standard": 1},
			fields=["name", "framework", "reference", "title", "rule", "evidence", "citation"],
		)
		self.assertEqual({r.name for r in rows}, set(shipped))
		for row in rows:
			for field in ("framework", "reference", "title", "rule", "evidence", "citation"):
				self.assertEqual(row[field], shipped[row.name][field], (row.name, field))
		counts = {f: sum(1 for r in rows if r.framework == f) for f in (ISO_27001, NIS2, DORA)}
		self.assertEqual(counts, {ISO_27001: 30, NIS2: 12, DORA: 11})

	def test_shipped_rows_change_only_with_the_app_and_a_site_adds_its_own(self):
		with as_user("manager@isms.test"):
			shipped = frappe.get_doc("ISMS Requirement", SUPPLY_CHAIN)
			shipped.title = "Anything else"
			with self.assertRaises(RequirementError):
				shipped.save()
			with self.assertRaises(RequirementError):
				frappe.delete_doc("ISMS Requirement", SUPPLY_CHAIN)
			own = frappe.get_doc(
				{
					"doctype": "ISMS Requirement",
					"code": "NIS2 Local 1",
					"framework": NIS2,
					"reference": "Local 1",
					"title": "Security of the point-of-sale terminals",
					"rule": "measure_policy",
					"evidence": "measure",
					"is_standard": 1,
				}
			).insert()
			self.assertEqual(own.is_standard, 0)
			own.title = "Security of the point-of-sale terminals and their network"
			own.save()
			own.evidence = "measure\nno_such_records"
			with self.assertRaises(RequirementError):
				own.save()
		with as_user("auditor@isms.test"), self.assertRaises(frappe.PermissionError):
			frappe.get_doc(
				{
					"doctype": "ISMS Requirement",
					"code": "NIS2 Local 2",
					"framework": NIS2,
					"reference": "Local 2",
					"title": "x",
					"rule": "measure_policy",
				}
			).insert()

	def test_a_site_added_requirement_appears_in_the_report(self):
		make_top_management("director@isms.test")
		with as_user("manager@isms.test"):
			frappe.get_doc(
				{
					"doctype": "ISMS Requirement",
					"code": "NIS2 Local 1",
					"framework": NIS2,
					"reference": "Local 1",
					"title": "Security of the point-of-sale terminals",
					"rule": "measure_policy",
					"evidence": "measure",
					"citation": "Our sector's guidance, section 4",
					"sort_order": 999,
				}
			).insert()
		rows, _message, _summary = report(NIS2)
		self.assertEqual(len(rows), 13)
		self.assertEqual(list(rows)[-1], "NIS2 Local 1")
		self.assertEqual(rows["NIS2 Local 1"]["level"], "Gap")
		# the site's measure joins the measures top management approves (Article 20(1))
		self.assertIn("none of the 11 measures", rows["NIS2 Art. 20(1)"]["reason"])

		policy = publish(topic_policy("Point of Sale Policy", measures=["NIS2 Local 1"]))
		rows, _message, _summary = report(NIS2)
		self.assertEqual(rows["NIS2 Local 1"]["level"], "Met")
		self.assertIn(policy.name, rows["NIS2 Local 1"]["evidence"])
		self.assertIn("Point of Sale Policy", rows["NIS2 Local 1"]["reason"])


class TestFrameworkFilterAndScore(ISMSTestCase):
	def test_the_framework_filter(self):
		rows, message, _summary = report()
		self.assertEqual({r["framework"] for r in rows.values()}, {ISO_27001})
		self.assertEqual(len(rows), 30)
		self.assertIsNone(message)

		rows, message, summary = report(NIS2)
		self.assertEqual(len(rows), 12)
		self.assertEqual({r["framework"] for r in rows.values()}, {NIS2})
		self.assertIn("not switched on", message)
		self.assertIn("NIS2 score", summary)
		self.assertTrue(all(r["citation"].startswith("Directive (EU) 2022/2555") for r in rows.values()))

		switch_on(TEST_COMPANY, ISO_27001, NIS2)
		rows, message, summary = report()
		self.assertEqual(len(rows), 42)
		self.assertIsNone(message)
		self.assertEqual(
			set(summary) & {"ISO/IEC 27001:2022 score", "NIS2 score"},
			{"ISO/IEC 27001:2022 score", "NIS2 score"},
		)
		rows, _message, _summary = report(DORA)
		self.assertEqual(len(rows), 11)
		with as_user("auditor@isms.test"), self.assertRaises(frappe.ValidationError):
			execute({"company": TEST_COMPANY, "framework": "SOX"})

	def test_switching_a_framework_off_removes_it_from_the_workspace_score(self):
		make_top_management("director@isms.test")
		filters = json.dumps({"company": TEST_COMPANY})
		switch_on(TEST_COMPANY, ISO_27001, NIS2, DORA)
		with as_user("director@isms.test"):
			labels = scores_by_framework(filters=filters)["labels"]
		self.assertEqual([label.split(" (")[0] for label in labels], [ISO_27001, NIS2, DORA])

		switch_on(TEST_COMPANY, ISO_27001, NIS2)
		with as_user("director@isms.test"):
			data = scores_by_framework(filters=filters)
		self.assertEqual([label.split(" (")[0] for label in data["labels"]], [ISO_27001, NIS2])
		self.assertEqual(len(data["datasets"][0]["values"]), 2)

		switch_on(TEST_COMPANY)  # none switched on: ISO/IEC 27001:2022, as before
		with as_user("director@isms.test"):
			labels = scores_by_framework(filters=filters)["labels"]
		self.assertEqual([label.split(" (")[0] for label in labels], [ISO_27001])

		with as_user("other.director@isms.test"), self.assertRaises(frappe.PermissionError):
			scores_by_framework(filters=filters)
		with as_user("employee1@isms.test"), self.assertRaises(frappe.PermissionError):
			scores_by_framework(filters=filters)

	def test_settings_refuse_a_framework_twice(self):
		settings = frappe.get_single("ISMS Settings")
		settings.append("company_frameworks", {"company": TEST_COMPANY, "framework": NIS2})
		settings.append("company_frameworks", {"company": TEST_COMPANY, "framework": NIS2})
		with self.assertRaises(frappe.ValidationError):
			settings.save()


class TestFrameworkMeasures(ISMSTestCase):
	def setUp(self):
		super().setUp()
		make_top_management("director@isms.test")

	def test_a_measure_is_met_once_its_policy_is_approved(self):
		policy = send_for_approval(topic_policy("Supplier Security Policy", measures=[SUPPLY_CHAIN]))
		rows, _message, _summary = report(NIS2)
		row = rows[SUPPLY_CHAIN]
		self.assertEqual(row["level"], "Gap")
		self.assertIn("is not approved yet", row["reason"])
		self.assertIn(policy.name, row["evidence"])
		self.assertEqual(policy.approval_fingerprint, content_fingerprint(policy))

		# the measures are part of what is approved: they cannot change while it waits
		with as_user("director@isms.test"):
			doc = frappe.get_doc("Security Policy", policy.name)
			doc.append("framework_measures", {"requirement": "NIS2 Art. 21(2)(b)"})
			with self.assertRaises(ContentChangedError):
				doc.save()

		publish(frappe.get_doc("Security Policy", policy.name))
		rows, _message, _summary = report(NIS2)
		self.assertEqual(rows[SUPPLY_CHAIN]["level"], "Met")
		self.assertIn("Supplier Security Policy", rows[SUPPLY_CHAIN]["reason"])
		# Article 20(1) asks for the approval of every measure and for oversight (a review)
		self.assertEqual(rows["NIS2 Art. 20(1)"]["level"], "Gap")
		self.assertIn("management review", rows["NIS2 Art. 20(1)"]["reason"])

	def test_only_measures_a_policy_answers_may_be_listed(self):
		with self.assertRaises(FrameworkMeasureError):
			topic_policy("Odd Policy", measures=["ISO 27001 5.1 a"])
		with self.assertRaises(FrameworkMeasureError):
			topic_policy("Twice Policy", measures=[SUPPLY_CHAIN, SUPPLY_CHAIN])

	def test_a_new_version_keeps_its_measures(self):
		policy = publish(
			topic_policy("Supplier Security Policy", measures=[SUPPLY_CHAIN, "DORA Art. 5(2)(h)"])
		)
		with as_user("manager@isms.test"):
			draft = frappe.get_doc("Security Policy", new_version(policy.name))
		self.assertEqual(
			[r.requirement for r in draft.framework_measures], [SUPPLY_CHAIN, "DORA Art. 5(2)(h)"]
		)

	def test_dora_strategy_and_audit_plan(self):
		switch_on(TEST_COMPANY, DORA)
		rows, _message, _summary = report()
		self.assertEqual(rows["DORA Art. 5(2)(d)"]["level"], "Gap")
		self.assertEqual(rows["DORA Art. 5(2)(f)"]["level"], "Gap")

		strategy = make_policy(
			"Digital Operational Resilience Strategy", policy_type="Digital Operational Resilience Strategy"
		)
		with self.assertRaises(MissingPolicyStatementError):
			send_for_approval(strategy)
		strategy = publish(
			make_policy(
				"Digital Operational Resilience Strategy",
				policy_type="Digital Operational Resilience Strategy",
				states_risk_tolerance=1,
			)
		)
		plan = publish(make_policy("ICT Internal Audit Plan 2027", policy_type="ICT Internal Audit Plan"))
		rows, _message, _summary = report()
		self.assertEqual(rows["DORA Art. 5(2)(d)"]["level"], "Met")
		self.assertIn(strategy.name, rows["DORA Art. 5(2)(d)"]["evidence"])
		self.assertEqual(rows["DORA Art. 5(2)(f)"]["level"], "Met")
		self.assertIn(plan.name, rows["DORA Art. 5(2)(f)"]["evidence"])
		self.assertEqual(rows["DORA Art. 6(5)"]["level"], "Met")

		with self.assertRaises(PolicyVersionError):
			publish(
				make_policy(
					"Another Strategy",
					policy_type="Digital Operational Resilience Strategy",
					states_risk_tolerance=1,
				)
			)


class TestManagementBodyStatement(ISMSTestCase):
	def setUp(self):
		super().setUp()
		make_top_management("director@isms.test")
		switch_on(TEST_COMPANY, ISO_27001, NIS2)
		self.policy = publish(make_policy(framework_measures=[{"requirement": "NIS2 Art. 21(2)(a)"}]))
		self.allocation = approve_allocation(
			make_allocation([("Training & Awareness", EXPENSE["training"], 2500)])
		)
		review = make_review()
		summarise(review)
		self.review = sign_off(review)
		with as_user("hr@isms.test"):
			frappe.get_doc(
				{
					"doctype": "ISMS Awareness Record",
					"employee": employee_of("director@isms.test"),
					"course": "Cybersecurity for the board",
					"completed_on": add_days(today(), -20),
				}
			).insert()

	def draft(self, **kwargs):
		with as_user("manager@isms.test"):
			return frappe.get_doc(
				{
					"doctype": STATEMENT,
					"title": "NIS2 statement of the board",
					"company": TEST_COMPANY,
					"framework": NIS2,
					"from_date": add_months(today(), -12),
					"to_date": today(),
					**kwargs,
				}
			).insert()

	def approved(self):
		statement = self.draft()
		with as_user("manager@isms.test"):
			statement = transition(statement, "Submit for Approval", STATEMENT)
		with as_user("director@isms.test"):
			return transition(statement, "Approve", STATEMENT)

	def test_the_statement_says_what_the_records_say(self):
		statement = self.draft(
			lines=[
				{
					"section": "Approved",
					"description": "Everything, by everyone",
					"reference_doctype": "Security Policy",
					"reference_name": self.policy.name,
				}
			]
		)
		sections = {}
		for line in statement.lines:
			sections.setdefault(line.section, []).append(line)
		self.assertNotIn("Everything, by everyone", [line.description for line in statement.lines])
		approved = {line.reference_name: line for line in sections["Approved"]}
		self.assertEqual(approved[self.policy.name].fingerprint, self.policy.approval_fingerprint)
		self.assertEqual(approved[self.policy.name].version, 1)
		self.assertEqual(approved[self.policy.name].by_user, "director@isms.test")
		self.assertIn("NIS2 Art. 21(2)(a)", approved[self.policy.name].description)
		self.assertEqual(
			approved[self.allocation.name].fingerprint,
			frappe.db.get_value("Resource Allocation", self.allocation.name, "approval_fingerprint"),
		)
		self.assertEqual([line.reference_name for line in sections["Reviewed"]], [self.review.name])
		trained = {line.reference_name: line for line in sections["Trained"]}
		self.assertEqual(trained[employee_of("director@isms.test")].level, "Current")
		gaps = {line.reference_name for line in sections["Open Gap"]}
		self.assertIn(SUPPLY_CHAIN, gaps)
		self.assertNotIn("NIS2 Art. 21(2)(a)", gaps)
		self.assertTrue(all(name.startswith("NIS2") for name in gaps))
		self.assertIn("Article 20", statement.statement)
		self.assertEqual(statement.status, "Draft")

	def test_top_management_signs_it_off_under_the_approval_rule(self):
		statement = self.draft()
		with as_user("manager@isms.test"):
			statement = transition(statement, "Submit for Approval", STATEMENT)
		self.assertEqual(statement.requested_by, "manager@isms.test")
		self.assertEqual(statement.approval_fingerprint, content_fingerprint(statement))
		# what waits for approval cannot change, not even its lines
		with as_user("director@isms.test"):
			doc = frappe.get_doc(STATEMENT, statement.name)
			doc.statement = "<p>Another text</p>"
			with self.assertRaises(ContentChangedError):
				doc.save()
		# a desk role without a serving appointment does not approve
		with as_user("director2@isms.test"), self.assertRaises(frappe.ValidationError):
			transition(statement, "Approve", STATEMENT)
		with as_user("director@isms.test"):
			statement = transition(statement, "Approve", STATEMENT)
		self.assertEqual((statement.docstatus, statement.status), (1, "Approved"))
		self.assertEqual(statement.approved_by, "director@isms.test")
		self.assertEqual(
			[(s.from_state, s.to_state) for s in statement.approval_trail],
			[(None, "Draft"), ("Draft", "Pending Approval"), ("Pending Approval", "Approved")],
		)
		self.assertEqual(statement.approval_trail[-1].fingerprint, statement.approval_fingerprint)

	def test_the_statement_pdf_renders_with_its_approvals(self):
		statement = self.approved()
		html = frappe.get_print(STATEMENT, statement.name, print_format=STATEMENT)
		for text in (
			"What the Management Body Approved",
			"The Reviews It Held",
			"The Training Its Members Followed",
			"Open Gaps",
			"Signed off by",
			self.policy.approval_fingerprint[:16],
			self.review.name,
			statement.approval_fingerprint,
			"Approval Trail",
		):
			self.assertIn(text, html)
		pdf = print_pdf(STATEMENT, statement.name)
		self.assertTrue(pdf.startswith(b"%PDF"))

	def test_it_goes_into_the_evidence_pack(self):
		statement = self.approved()
		with as_user("auditor@isms.test"):
			pack = frappe.get_doc(
				{
					"doctype": "ISMS Evidence Pack",
					"company": TEST_COMPANY,
					"from_date": add_months(today(), -12),
					"to_date": add_days(today(), 1),
				}
			).insert()
		pack = frappe.get_doc("ISMS Evidence Pack", pack.name)
		self.assertEqual(pack.status, "Ready")
		archive = zipfile.ZipFile(
			io.BytesIO(frappe.get_doc("File", {"file_url": pack.pack_file}).get_content())
		)
		path = f"statements/{statement.name}-NIS2.pdf"
		self.assertIn(path, archive.namelist())
		self.assertTrue(archive.read(path).startswith(b"%PDF"))
		manifest = json.loads(archive.read("manifest.json"))
		entry = next(e for e in manifest["files"] if e["path"] == path)
		self.assertEqual(entry["sources"][0]["name"], statement.name)

	def test_who_reads_and_who_writes(self):
		statement = self.draft()
		self.assertTrue(
			frappe.has_permission(STATEMENT, "read", doc=statement.name, user="auditor@isms.test")
		)
		self.assertFalse(
			frappe.has_permission(STATEMENT, "write", doc=statement.name, user="auditor@isms.test")
		)
		self.assertFalse(
			frappe.has_permission(STATEMENT, "read", doc=statement.name, user="employee1@isms.test")
		)
		self.assertFalse(
			frappe.has_permission(STATEMENT, "read", doc=statement.name, user="other.director@isms.test")
		)
		with as_user("other.director@isms.test"):
			self.assertFalse(frappe.get_list(STATEMENT, filters={"name": statement.name}))
			self.assertFalse(
				frappe.get_list(
					"Management Body Statement Line",
					filters={"parent": statement.name},
					parent_doctype=STATEMENT,
				)
			)
		with as_user("director@isms.test"), self.assertRaises(frappe.PermissionError):
			frappe.get_doc(
				{
					"doctype": STATEMENT,
					"title": "Mine",
					"company": TEST_COMPANY,
					"framework": DORA,
					"from_date": today(),
					"to_date": today(),
				}
			).insert()
		with self.assertRaises(frappe.ValidationError):
			self.draft(from_date=today(), to_date=add_days(today(), -1))
