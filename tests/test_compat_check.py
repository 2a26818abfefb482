"""scripts/check-compat finds each form that Frappe 16 no longer takes, and passes a clean tree."""

import json
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "check-compat"


def run(root: Path) -> subprocess.CompletedProcess:
	return subprocess.run([sys.executable, str(SCRIPT), "--root", str(root)], capture_output=True, text=True)


def tree(tmp_path: Path, files: dict[str, str]) -> Path:
	for name, text in {"isms_leadership/__init__.py": "", **files}.items():
		path = tmp_path / name
		path.parent.mkdir(parents=True, exist_ok=True)
		path.write_text(text)
	return tmp_path


def chart(filters) -> str:
	return json.dumps({"doctype": "Dashboard Chart", "filters_json": json.dumps(filters)})


CLEAN = {
	"isms_leadership/queries/a.py": (
		"import frappe\nfrom frappe.utils import get_url_to_form\n\n"
		'def f():\n\t"""Opens /app/role-assignment in the desk."""\n'
		"\treturn frappe.get_all('ToDo', fields=['name', 'status as state']), get_url_to_form('ToDo', 'x')\n"
	),
	"isms_leadership/x/chart.json": chart([["ISMS Action", "status", "=", "Open"]]),
	"isms_leadership/tests/utils.py": "from frappe.tests.utils import FrappeTestCase\n",
}


def test_a_clean_tree_passes(tmp_path):
	result = run(tree(tmp_path, CLEAN))
	assert result.returncode == 0, result.stdout
	assert "nothing found" in result.stdout


def test_each_form_of_frappe_15_only_is_found(tmp_path):
	planted = {
		"isms_leadership/x/chart.json": chart([["ISMS Action", "status", "=", "Open", False]]),
		"isms_leadership/x/dt.json": json.dumps(
			{
				"doctype": "DocType",
				"fields": [{"fieldname": "n", "fieldtype": "Link", "options": "Newsletter"}],
			}
		),
		"isms_leadership/queries/a.py": "import frappe\n\ndef f():\n\treturn frappe.get_all('ToDo', fields=['count(*) as n'])\n",
		"isms_leadership/tasks/b.py": "def url(name):\n\treturn f'/app/todo/{name}'\n",
		"isms_leadership/x/test_c.py": "from frappe.tests.utils import FrappeTestCase\n",
	}
	result = run(tree(tmp_path, {**CLEAN, **planted}))
	assert result.returncode == 1
	for rule, place in (
		("chart-filter", "isms_leadership/x/chart.json"),
		("newsletter-link", "isms_leadership/x/dt.json"),
		("sql-in-fields", "isms_leadership/queries/a.py:4"),
		("desk-url", "isms_leadership/tasks/b.py:2"),
		("test-base", "isms_leadership/x/test_c.py:1"),
	):
		assert any(rule in line and line.startswith(place) for line in result.stdout.splitlines()), (
			rule,
			result.stdout,
		)
