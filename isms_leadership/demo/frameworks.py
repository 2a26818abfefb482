"""The rulebooks the demo company has switched on (``data/frameworks.json``): ISO/IEC 27001:2022
and NIS2, in ISMS Settings. With the framework measures its policies answer (``policies``), NIS2
shows the gap an auditor would find: the supply chain measure, 21(2)(d), whose policy still
waits for the director's approval."""

from __future__ import annotations

from collections.abc import Callable

import frappe

from isms_leadership.demo.base import data

FRAMEWORKS = tuple(data("frameworks.json")["frameworks"])


def load(company: str, log: Callable[[str], None] = print) -> dict[str, int]:
	"""Switch on the demo's frameworks for ``company`` where they are not yet. Returns what was made."""
	settings = frappe.get_single("ISMS Settings")
	have = {(row.company, row.framework) for row in settings.company_frameworks}
	missing = [framework for framework in FRAMEWORKS if (company, framework) not in have]
	if not missing:
		return {}
	for framework in missing:
		settings.append("company_frameworks", {"company": company, "framework": framework})
	settings.save()
	log(f"  Frameworks switched on for {company}: {', '.join(missing)}")
	return {"ISMS Company Framework": len(missing)}
