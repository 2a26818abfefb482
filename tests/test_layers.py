"""scripts/check-layers on small fake trees: one planted violation per rule, and the exemptions."""

import subprocess
import sys
import textwrap
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "check-layers"

CONTROLLER = "isms_leadership/isms_leadership/doctype/security_policy/security_policy.py"
REPORT = "isms_leadership/isms_leadership/report/role_coverage/role_coverage.py"

# A clean tree following the house plan: core <- queries <- controllers, reports, APIs, tasks.
CLEAN = {
	"isms_leadership/hooks.py": """
		doc_events = {"Security Policy": {"on_update": "isms_leadership.tasks.policy.on_update"}}
	""",
	"isms_leadership/exceptions.py": """
		class ISMSError(Exception):
			pass
	""",
	"isms_leadership/core/policy.py": """
		from datetime import date

		from .dates import add_days


		def next_review(on: date) -> date:
			return add_days(on, 365)
	""",
	"isms_leadership/core/dates.py": """
		from datetime import date, timedelta


		def add_days(on: date, days: int) -> date:
			return on + timedelta(days=days)
	""",
	"isms_leadership/queries/policies.py": """
		import frappe

		from isms_leadership.core import policy
		from isms_leadership.exceptions import ISMSError


		def due_policies():
			return frappe.get_all("Security Policy")
	""",
	CONTROLLER: """
		from typing import TYPE_CHECKING

		from frappe.model.document import Document

		from isms_leadership.queries.policies import due_policies


		class SecurityPolicy(Document):
			# begin: auto-generated types
			from typing import TYPE_CHECKING

			if TYPE_CHECKING:
				from isms_leadership.isms_leadership.doctype.security_policy_audience.security_policy_audience import (
					SecurityPolicyAudience,
				)
			# end: auto-generated types
	""",
	"isms_leadership/isms_leadership/doctype/security_policy_audience/security_policy_audience.py": """
		from frappe.model.document import Document


		class SecurityPolicyAudience(Document):
			pass
	""",
	"isms_leadership/isms_leadership/doctype/security_policy/api.py": """
		import frappe

		from isms_leadership.queries.policies import due_policies


		@frappe.whitelist()
		def list_due():
			return due_policies()
	""",
	REPORT: """
		from isms_leadership.queries.policies import due_policies


		def execute(filters=None):
			return [], due_policies()
	""",
	"isms_leadership/tasks/policy.py": """
		from isms_leadership.queries import policies


		def on_update(doc, method=None):
			return policies.due_policies()
	""",
}


def write_tree(root: Path, files: dict[str, str]) -> None:
	for rel, source in files.items():
		path = root / rel
		path.parent.mkdir(parents=True, exist_ok=True)
		path.write_text(textwrap.dedent(source).lstrip("\n"), encoding="utf-8")
		for package in path.relative_to(root).parents:
			if package != Path("."):
				(root / package / "__init__.py").touch()


def check(root: Path, changes: dict[str, str] | None = None) -> tuple[int, str]:
	write_tree(root, {**CLEAN, **(changes or {})})
	result = subprocess.run(
		[sys.executable, str(SCRIPT), "--root", str(root)], capture_output=True, text=True, check=False
	)
	return result.returncode, result.stdout + result.stderr


def violations(output: str) -> list[str]:
	return [line for line in output.splitlines() if not line.startswith("house plan:")]


def test_clean_tree_passes(tmp_path):
	code, output = check(tmp_path)
	assert code == 0, output
	assert output.startswith("house plan: ") and output.strip().endswith("modules, no violation")


def test_controller_import(tmp_path):
	code, output = check(
		tmp_path,
		{
			"isms_leadership/digest.py": """
				import frappe

				from isms_leadership.isms_leadership.doctype.security_policy.security_policy import SecurityPolicy
			""",
		},
	)
	assert code == 1
	assert violations(output) == [
		"isms_leadership/digest.py:3: controller-import: imports "
		"isms_leadership.isms_leadership.doctype.security_policy.security_policy: only hooks.py and tests may"
	]


def test_report_module_imported_as_a_name_of_its_package(tmp_path):
	code, output = check(
		tmp_path,
		{
			"isms_leadership/evidence.py": """
				from isms_leadership.isms_leadership.report.role_coverage import role_coverage
			""",
		},
	)
	assert code == 1
	[line] = violations(output)
	assert line.startswith("isms_leadership/evidence.py:1: controller-import: ")
	assert "isms_leadership.isms_leadership.report.role_coverage.role_coverage" in line


def test_layer_core_imports_frappe(tmp_path):
	code, output = check(
		tmp_path,
		{
			"isms_leadership/core/roles.py": """
				\"\"\"Pure rules.\"\"\"

				from frappe import _
			""",
		},
	)
	assert code == 1
	[line] = violations(output)
	assert line.startswith("isms_leadership/core/roles.py:3: layer: ")


def test_layer_queries_import_outside_the_plan(tmp_path):
	code, output = check(
		tmp_path,
		{
			"isms_leadership/permissions.py": "",
			"isms_leadership/queries/roles.py": """
				import frappe

				from isms_leadership.core.policy import next_review
				from isms_leadership.permissions import has_permission
			""",
		},
	)
	assert code == 1
	[line] = violations(output)
	assert line.startswith("isms_leadership/queries/roles.py:4: layer: ")
	assert "isms_leadership.permissions" in line


def test_cycle(tmp_path):
	code, output = check(
		tmp_path,
		{
			"isms_leadership/approvals.py": """
				from isms_leadership.practice import held_on
			""",
			"isms_leadership/practice.py": """
				import frappe


				def held_on():
					# deferred: approvals imports this module at load time
					from isms_leadership.approvals import anything
			""",
		},
	)
	assert code == 1
	[line] = violations(output)
	assert line == (
		"isms_leadership/approvals.py:1: cycle: import cycle between "
		"isms_leadership.approvals, isms_leadership.practice"
	)


def test_cycle_through_a_package_init(tmp_path):
	code, output = check(
		tmp_path,
		{
			"isms_leadership/integrations/__init__.py": """
				from .budget import sync
			""",
			"isms_leadership/integrations/budget.py": "import isms_leadership.integrations\n",
		},
	)
	assert code == 1
	assert violations(output) == [
		"isms_leadership/integrations/__init__.py:1: cycle: import cycle between "
		"isms_leadership.integrations, isms_leadership.integrations.budget"
	]


def test_hidden_import(tmp_path):
	code, output = check(
		tmp_path,
		{
			"isms_leadership/digest.py": """
				import frappe


				class Digest:
					def send(self):
						x = "# not a comment"
						from frappe.utils import today
			""",
		},
	)
	assert code == 1
	assert violations(output) == [
		"isms_leadership/digest.py:7: hidden-import: import inside a function without a comment saying why"
	]


def test_commented_function_imports_pass(tmp_path):
	code, output = check(
		tmp_path,
		{
			"isms_leadership/digest.py": """
				def send():
					from frappe.utils import today  # frappe is imported lazily by the CLI

					# the ERPNext import is slow and only the weekly digest needs it;
					# keep it out of module load
					from erpnext.accounts.utils import get_fiscal_year

					async def later():
						import json  # stdlib too: the rule has no exemption

					return today, get_fiscal_year, later
			""",
		},
	)
	assert code == 0, output


def test_type_checking_import_of_a_controller_is_ignored(tmp_path):
	code, output = check(
		tmp_path,
		{
			"isms_leadership/digest.py": """
				import typing

				if typing.TYPE_CHECKING:
					from isms_leadership.isms_leadership.doctype.security_policy.security_policy import SecurityPolicy


				def send(policy: "SecurityPolicy"):
					if typing.TYPE_CHECKING:
						from frappe.model.document import Document
			""",
		},
	)
	assert code == 0, output


def test_controller_importing_itself_is_no_controller_import(tmp_path):
	# A self-import is not a controller-import; it is a self-loop, which the cycle rule reports.
	code, output = check(
		tmp_path,
		{
			CONTROLLER: CLEAN[CONTROLLER]
			+ """

		def helper():
			# its own module on purpose
			from isms_leadership.isms_leadership.doctype.security_policy.security_policy import SecurityPolicy
		""",
		},
	)
	assert "controller-import" not in output
	assert code == 1
	[line] = violations(output)
	assert line.startswith(f"{CONTROLLER}:21: cycle: ")


def test_hooks_may_import_a_controller(tmp_path):
	code, output = check(
		tmp_path,
		{
			"isms_leadership/hooks.py": """
				from isms_leadership.isms_leadership.doctype.security_policy import security_policy

				doc_events = {"Security Policy": {"validate": security_policy.SecurityPolicy.validate}}
				override_doctype_class = {
					"Security Policy": "isms_leadership.isms_leadership.doctype.security_policy.security_policy.SecurityPolicy"
				}
			""",
		},
	)
	assert code == 0, output


def test_test_code_is_ignored(tmp_path):
	controller_import = """
		import frappe


		def test_it():
			from isms_leadership.isms_leadership.doctype.security_policy.security_policy import SecurityPolicy
	"""
	code, output = check(
		tmp_path,
		{
			"isms_leadership/isms_leadership/doctype/security_policy/test_security_policy.py": controller_import,
			"isms_leadership/tests/factories.py": controller_import,
			"isms_leadership/conftest.py": controller_import,
			"isms_leadership/core/test_policy.py": "import frappe\n",
		},
	)
	assert code == 0, output
