# Copyright (c) 2026, isms_leadership contributors
# License: MIT. See license.txt

import hashlib
import io
import json
import zipfile

import frappe
from frappe.utils import add_days, add_months, today

from isms_leadership.tests.factories import (
	EXPENSE,
	TEST_COMPANY,
	approve_allocation,
	as_user,
	fiscal_year_of,
	make_allocation,
	make_policy,
	make_review,
	make_top_management,
	publish,
	sign_off,
	summarise,
)
from isms_leadership.tests.utils import ISMSTestCase


class TestEvidencePack(ISMSTestCase):
	def setUp(self):
		super().setUp()
		make_top_management("director@isms.test")
		self.policy = publish(make_policy())
		self.topic = publish(make_policy("Access Control Policy", policy_type="Topic-specific Policy"))
		approve_allocation(make_allocation([("Training & Awareness", EXPENSE["training"], 1000)]))
		review = make_review()
		summarise(review)
		self.review = sign_off(review)

	def build(self, user="auditor@isms.test"):
		with as_user(user):
			pack = frappe.get_doc(
				{
					"doctype": "ISMS Evidence Pack",
					"company": TEST_COMPANY,
					"from_date": add_months(today(), -12),
					"to_date": add_days(today(), 1),
				}
			).insert()
		return frappe.get_doc("ISMS Evidence Pack", pack.name)

	def test_the_pack_holds_the_expected_files_with_matching_hashes(self):
		pack = self.build()
		self.assertEqual(pack.status, "Ready")
		file = frappe.get_doc("File", {"file_url": pack.pack_file})
		self.assertTrue(file.is_private)
		archive = zipfile.ZipFile(io.BytesIO(file.get_content()))
		expected = {
			f"policies/{self.policy.name}-Information-Security-Policy.pdf",
			f"policies/{self.topic.name}-Access-Control-Policy.pdf",
			"roles/role-coverage.csv",
			"roles/role-register.csv",
			f"budget/security-budget-vs-actual-{fiscal_year_of()}.csv",
			f"reviews/{self.review.name}.pdf",
			"actions/isms-actions.csv",
			"evidence/leadership-evidence.csv",
			"manifest.json",
		}
		self.assertEqual(set(archive.namelist()), expected)
		manifest = json.loads(archive.read("manifest.json"))
		self.assertEqual(len(manifest["files"]), len(expected) - 1)
		for entry in manifest["files"]:
			self.assertEqual(
				hashlib.sha256(archive.read(entry["path"])).hexdigest(), entry["sha256"], entry["path"]
			)
		policy_entry = next(
			e for e in manifest["files"] if e["path"].startswith(f"policies/{self.policy.name}")
		)
		self.assertEqual(
			policy_entry["sources"],
			[
				{
					"doctype": "Security Policy",
					"name": self.policy.name,
					"version": 1,
					"modified": str(frappe.db.get_value("Security Policy", self.policy.name, "modified")),
				}
			],
		)
		self.assertTrue(archive.read(policy_entry["path"]).startswith(b"%PDF"))
		self.assertEqual(pack.file_count, len(expected) - 1)

	def test_only_the_isms_manager_and_auditors_can_download_it(self):
		pack = self.build(user="manager@isms.test")
		file = frappe.get_doc("File", {"file_url": pack.pack_file})
		for user, allowed in (
			("auditor@isms.test", True),
			("manager@isms.test", True),
			("director@isms.test", False),
			("employee1@isms.test", False),
			("finance@isms.test", False),
		):
			self.assertEqual(bool(frappe.has_permission("File", "read", doc=file, user=user)), allowed, user)
		with as_user("director@isms.test"), self.assertRaises(frappe.PermissionError):
			frappe.get_doc(
				{
					"doctype": "ISMS Evidence Pack",
					"company": TEST_COMPANY,
					"from_date": today(),
					"to_date": today(),
				}
			).insert()
