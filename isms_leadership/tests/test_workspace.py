"""The ISMS Leadership workspace, its number cards and charts load for top management."""

import json

import frappe
from frappe.desk.desktop import get_desktop_page
from frappe.desk.doctype.dashboard_chart.dashboard_chart import get as chart_data
from frappe.desk.query_report import run as run_report
from frappe.utils import format_datetime, today

from isms_leadership.api.frameworks import scores_by_framework
from isms_leadership.queries.evidence import budget_figures, evidence_facts
from isms_leadership.tasks.budget import refresh_spending
from isms_leadership.tests.factories import (
	EXPENSE,
	TEST_COMPANY,
	approve_allocation,
	as_user,
	make_allocation,
	make_policy,
	make_top_management,
	post_expense,
	publish,
)
from isms_leadership.tests.utils import ISMSTestCase

MODULE = "ISMS Leadership"


class TestWorkspace(ISMSTestCase):
	def setUp(self):
		super().setUp()
		make_top_management("director@isms.test")
		publish(make_policy())
		approve_allocation(make_allocation([("Training & Awareness", EXPENSE["training"], 1000)]))
		post_expense(EXPENSE["training"], 100)
		self.filters = json.dumps({"company": TEST_COMPANY})

	def test_every_number_card_answers_for_top_management(self):
		cards = frappe.get_all("Number Card", filters={"module": MODULE}, fields=["name", "type", "method"])
		self.assertEqual(len(cards), 6)
		values = {}
		with as_user("director@isms.test"):
			for card in cards:
				self.assertEqual(card.type, "Custom")
				result = frappe.get_attr(card.method)(filters=self.filters)
				self.assertIn("route", result)
				values[card.name] = result["value"]
		self.assertEqual(values["Security Budget Utilisation"], 10.0)
		self.assertEqual(values["Policies Overdue for Review"], 0)
		self.assertEqual(values["Days Since Last Management Review"], 0)
		with as_user("employee1@isms.test"), self.assertRaises(frappe.PermissionError):
			frappe.get_attr(cards[0].method)(filters=self.filters)

	def test_the_budget_card_answers_from_the_ledger_as_last_read_and_says_when(self):
		"""The card, Leadership Evidence and a review's facts read the spending kept by the
		hourly job: new entries show once it runs again; new allocations at once."""
		card = frappe.get_attr(frappe.db.get_value("Number Card", "Security Budget Utilisation", "method"))
		with as_user("director@isms.test"):
			self.assertEqual(card(filters=self.filters)["value"], 10.0)
		first = budget_figures(TEST_COMPANY, today())["budget_as_of"]
		post_expense(EXPENSE["training"], 200)
		with as_user("director@isms.test"):
			self.assertEqual(card(filters=self.filters)["value"], 10.0, "as the ledger was read")
		facts = evidence_facts(TEST_COMPANY, today())
		self.assertEqual((facts.budget_utilisation, facts.budget_as_of), (10.0, format_datetime(first)))
		self.assertIn(TEST_COMPANY, refresh_spending())
		with as_user("director@isms.test"):
			self.assertEqual(card(filters=self.filters)["value"], 30.0)
		self.assertGreaterEqual(budget_figures(TEST_COMPANY, today())["budget_as_of"], first)
		# what is allocated is read at once: 300 spent of 2,000
		post_expense(EXPENSE["training"], 100)
		approve_allocation(make_allocation([("Training & Awareness", EXPENSE["training"], 1000)]))
		with as_user("director@isms.test"):
			self.assertEqual(card(filters=self.filters)["value"], 15.0)
		# an allocation on another account asks the ledger another question, answered at once
		approve_allocation(make_allocation([("Tools & Technology", EXPENSE["tools"], 1000)]))
		with as_user("director@isms.test"):
			self.assertEqual(card(filters=self.filters)["value"], round(100 * 400 / 3000, 1))

	def test_every_chart_loads_for_top_management(self):
		charts = frappe.get_all(
			"Dashboard Chart",
			filters={"module": MODULE},
			fields=["name", "chart_type", "report_name", "filters_json"],
		)
		self.assertEqual(len(charts), 5)
		with as_user("director@isms.test"):
			for chart in charts:
				if chart.chart_type == "Report":
					filters = {
						**json.loads(chart.filters_json),
						"company": TEST_COMPANY,
						"fiscal_year": frappe.defaults.get_global_default("fiscal_year")
						or frappe.db.get_value(
							"Resource Allocation", {"company": TEST_COMPANY}, "fiscal_year"
						),
					}
					result = run_report(chart.report_name, filters=filters, ignore_prepared_report=True)
					names = [d["name"] for d in result["chart"]["data"]["datasets"]]
					self.assertEqual(names, ["Allocated (pro rata)", "Actual"])
					self.assertEqual(len(result["chart"]["data"]["labels"]), 12)
				elif chart.chart_type == "Custom":
					# a custom source (the score per framework): its own method, never cached
					source = frappe.get_doc("Dashboard Chart", chart.name).source
					self.assertEqual(source, "Leadership Evidence by Framework")
					data = scores_by_framework(chart_name=chart.name, filters=self.filters)
					self.assertEqual(len(data["labels"]), 1, data)
				else:
					data = chart_data(chart_name=chart.name, filters=[], refresh=1)
					self.assertIn("labels", data, chart.name)

	def test_the_workspace_loads_with_its_cards_charts_and_approval_list(self):
		with as_user("director@isms.test"):
			page = get_desktop_page(json.dumps({"name": MODULE, "title": MODULE, "public": 1}))
		self.assertEqual(len(page["number_cards"]["items"]), 6)
		self.assertEqual(len(page["charts"]["items"]), 5)
		# the decisions waiting for the director, as sentences, and the way to the queue
		self.assertEqual(
			[b.get("custom_block_name") for b in page["custom_blocks"]["items"]], ["ISMS Decisions Waiting"]
		)
		self.assertIn("Decisions", [s.get("label") for s in page["shortcuts"]["items"]])
		linked = {link["link_to"] for card in page["cards"]["items"] for link in card["links"]}
		for target in (
			"Security Policy",
			"Role Assignment",
			"Resource Allocation",
			"Management Review",
			"ISMS Action",
			"Leadership Evidence",
			"Policy Register",
			"Role Coverage",
			"Security Budget vs Actual",
			"ISMS Actions",
			"Security Objective",
			"Objectives Status",
			"ISMS Planned Communication",
			"ISMS Communication",
			"Communication Record",
			"ISMS Awareness Record",
			"Leadership Awareness",
		):
			self.assertIn(target, linked)


class TestReportsRunFromTheDesk(ISMSTestCase):
	"""Through frappe.desk.query_report.run, as the desk runs them: Frappe also filters the
	rows by the user's rights on every linked doctype."""

	def test_each_report_runs_for_its_readers(self):
		make_top_management("director@isms.test")
		publish(make_policy())
		approve_allocation(make_allocation([("Training & Awareness", EXPENSE["training"], 1000)]))
		post_expense(EXPENSE["training"], 100)
		fiscal_year = frappe.db.get_value("Resource Allocation", {"company": TEST_COMPANY}, "fiscal_year")
		reports = {
			"Role Coverage": {"company": TEST_COMPANY},
			"Policy Register": {"company": TEST_COMPANY},
			"Security Budget vs Actual": {
				"company": TEST_COMPANY,
				"fiscal_year": fiscal_year,
				"period": "Quarterly",
			},
			"ISMS Actions": {"company": TEST_COMPANY},
			"Leadership Evidence": {"company": TEST_COMPANY},
			"Objectives Status": {"company": TEST_COMPANY},
			"Communication Record": {"company": TEST_COMPANY, "show": "Communications"},
			"Leadership Awareness": {"company": TEST_COMPANY},
		}
		self.assertEqual(set(reports), set(frappe.get_all("Report", {"module": MODULE}, pluck="name")))
		for user in ("director@isms.test", "auditor@isms.test", "manager@isms.test"):
			with as_user(user):
				for report, filters in reports.items():
					result = run_report(report, filters=filters, ignore_prepared_report=True)
					self.assertIsInstance(result["result"], list, (user, report))
		with as_user("auditor@isms.test"):
			rows = run_report(
				"Security Budget vs Actual",
				filters=reports["Security Budget vs Actual"],
				ignore_prepared_report=True,
			)["result"]
		self.assertEqual([(r["account"], r["actual"]) for r in rows], [(EXPENSE["training"], 100)])
		with as_user("finance@isms.test"):
			run_report(
				"Security Budget vs Actual",
				filters=reports["Security Budget vs Actual"],
				ignore_prepared_report=True,
			)


class TestWhitelistedMethodsRefuseOthers(ISMSTestCase):
	"""Every whitelisted action refuses a user without the rights it needs, and changes nothing."""

	def test_unpermitted_callers(self):
		from isms_leadership.isms_leadership.doctype.isms_evidence_pack.api import rebuild
		from isms_leadership.isms_leadership.doctype.management_review.api import (
			make_resource_allocation,
			refresh_facts,
		)
		from isms_leadership.isms_leadership.doctype.security_objective.api import record_measurement
		from isms_leadership.isms_leadership.doctype.security_policy.api import (
			compare_with_previous,
			new_version,
		)
		from isms_leadership.tests.factories import employee_of, make_objective, make_review

		make_top_management("director@isms.test")
		policy = publish(make_policy())
		review = make_review(
			decisions=[
				{
					"decision_type": "Resource Need",
					"description": "Two analysts",
					"owner_employee": employee_of("manager@isms.test"),
					"due_date": frappe.utils.add_days(frappe.utils.today(), 30),
				}
			]
		)
		# a pack record as the build leaves it, without building one
		pack = frappe.get_doc(
			{
				"doctype": "ISMS Evidence Pack",
				"name": "isms-test-pack",
				"company": TEST_COMPANY,
				"from_date": frappe.utils.today(),
				"to_date": frappe.utils.today(),
				"status": "Ready",
			}
		)
		pack.db_insert()
		objective = make_objective()
		measure = {"objective": objective.name, "measured_on": frappe.utils.today(), "value": 3}
		calls = (
			("nobody@isms.test", record_measurement, measure),
			("director@isms.test", record_measurement, measure),
			("employee2@isms.test", record_measurement, measure),
			("employee2@isms.test", new_version, {"policy": policy.name}),
			("auditor@isms.test", new_version, {"policy": policy.name}),
			("nobody@isms.test", compare_with_previous, {"policy": policy.name}),
			("employee1@isms.test", refresh_facts, {"review": review.name}),
			("auditor@isms.test", refresh_facts, {"review": review.name}),
			(
				"finance@isms.test",
				make_resource_allocation,
				{"review": review.name, "decision": review.decisions[0].name},
			),
			("director@isms.test", rebuild, {"pack": pack.name}),
			("employee1@isms.test", rebuild, {"pack": pack.name}),
		)
		for user, method, kwargs in calls:
			with as_user(user), self.assertRaises(frappe.PermissionError, msg=f"{user} {method.__name__}"):
				method(**kwargs)
		self.assertFalse(frappe.db.exists("Security Policy", {"previous_version": policy.name}))
		self.assertEqual(frappe.db.get_value("ISMS Evidence Pack", pack.name, "status"), "Ready")
		self.assertFalse(frappe.db.exists("Security Objective Measurement", {"parent": objective.name}))
