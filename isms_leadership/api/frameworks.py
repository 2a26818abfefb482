"""The workspace's score per framework: for the user's company, one bar per framework switched
on for it in ISMS Settings (ISO/IEC 27001:2022, NIS2, DORA), the share of its requirements met.

The source of the Dashboard Chart "Leadership Evidence by Framework" (a custom chart source; its
data is never cached across users or companies)."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import today

from isms_leadership.api.number_cards import card_company
from isms_leadership.queries.evidence import framework_scores


@frappe.whitelist()
@frappe.read_only()
def scores_by_framework(
	chart_name: str | None = None,
	chart: str | None = None,
	no_cache: int | None = None,
	filters: str | dict | None = None,
	from_date: str | None = None,
	to_date: str | None = None,
	timespan: str | None = None,
	time_interval: str | None = None,
	heatmap_year: str | None = None,
	refresh: int | None = None,
) -> dict:
	"""Chart data: the share of requirements met (%) of each framework switched on for the
	company in the filters (else the user's default company), after checking the user may see
	leadership figures of that company."""
	company = card_company(filters)
	scores = framework_scores(company, today())
	return {
		"labels": [
			_("{0} ({1} of {2} met)").format(_(score.framework), score.met, score.total) for score in scores
		],
		"datasets": [{"name": _("Met (%)"), "values": [score.percent for score in scores]}],
		"type": "bar",
	}
