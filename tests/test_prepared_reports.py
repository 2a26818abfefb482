"""Every script report of the app says whether it is a prepared (background) report, and the
README says why, with the figures that back it (Frappe turns a report that runs over 15 s
into a prepared report on its own; the app decides instead)."""

import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REPORTS = sorted((ROOT / "isms_leadership" / "isms_leadership" / "report").glob("*/*.json"))


def readme_decisions() -> dict[str, str]:
	"""The rows of the README's table of prepared reports: {report: decision}."""
	text = (ROOT / "README.md").read_text(encoding="utf-8")
	section = text.split("### Prepared reports", 1)[1].split("\n#", 1)[0]
	return {
		m.group(1).strip(): m.group(2).strip()
		for m in re.finditer(r"^\| \*\*(.+?)\*\* \| (yes|no) \|", section, re.M)
	}


def test_the_reports_are_found():
	assert len(REPORTS) >= 8


def test_each_report_declares_prepared_report_as_the_readme_says():
	decisions = readme_decisions()
	for path in REPORTS:
		report = json.loads(path.read_text(encoding="utf-8"))
		assert "prepared_report" in report, f"{path.name} does not declare prepared_report"
		assert report["name"] in decisions, f"README gives no reason for {report['name']}"
		expected = 1 if decisions[report["name"]] == "yes" else 0
		assert report["prepared_report"] == expected, report["name"]
	assert set(decisions) == {json.loads(p.read_text())["name"] for p in REPORTS}
