"""The management body statement (NIS2 Article 20, DORA Article 5): for a company and a period,
what top management approved, the reviews it held, the training its members followed and the
gaps still open, in one record top management signs off.

Pure: the sections and their order, what makes a period, and which findings are open gaps.
The records are read by ``isms_leadership.queries.statements``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from isms_leadership.core.evidence import Finding, Level
from isms_leadership.core.frameworks import DORA, NIS2, Requirement
from isms_leadership.core.i18n import _

APPROVED = "Approved"
REVIEWED = "Reviewed"
TRAINED = "Trained"
OPEN_GAP = "Open Gap"
#: in the order the statement tells them
SECTIONS = (APPROVED, REVIEWED, TRAINED, OPEN_GAP)
#: the frameworks a statement is made for
STATEMENT_FRAMEWORKS = (NIS2, DORA)
#: what the statement answers, by framework
ANSWERS = {
	NIS2: _(
		"Directive (EU) 2022/2555 (NIS2), Article 20: approval and oversight of the measures of Article 21, training of the management body"
	),
	DORA: _(
		"Regulation (EU) 2022/2554 (DORA), Article 5: the management body's responsibility for the ICT risk management framework"
	),
}


@dataclass(frozen=True)
class Line:
	"""One line of a statement, as stored in its table."""

	section: str
	description: str
	reference_doctype: str | None = None
	reference_name: str | None = None
	version: int | None = None
	on_date: date | None = None
	by_user: str | None = None
	fingerprint: str | None = None
	level: str | None = None

	def as_row(self) -> dict:
		return {
			"section": self.section,
			"description": self.description,
			"reference_doctype": self.reference_doctype,
			"reference_name": self.reference_name,
			# an Int column stores 0 for none: the fingerprint must see what is stored
			"version": self.version or 0,
			"on_date": self.on_date,
			"by_user": self.by_user,
			"fingerprint": self.fingerprint,
			"level": self.level,
		}


def period_refusal(from_date: date | None, to_date: date | None) -> str | None:
	"""Why a period cannot be stated, or None."""
	if not from_date or not to_date:
		return _("A statement covers a period: give its first and last day.")
	if from_date > to_date:
		return _("The period ends before it begins.")
	return None


def in_period(day: date | None, from_date: date, to_date: date) -> bool:
	return day is not None and from_date <= day <= to_date


def gap_lines(assessed: Iterable[tuple[Requirement, Finding]], translate=None) -> list[Line]:
	"""The requirements not met, as lines of the statement (Gap first, then At risk)."""
	rows = [(r, f) for r, f in assessed if f.level is not Level.MET]
	rows.sort(key=lambda pair: 0 if pair[1].level is Level.GAP else 1)
	return [
		Line(
			section=OPEN_GAP,
			description=f"{r.reference} {translate(r.title) if translate else r.title}: {f.text(translate)}",
			reference_doctype="ISMS Requirement",
			reference_name=r.name,
			level=f.level.value,
		)
		for r, f in rows
	]


def ordered_lines(lines: Iterable[Line]) -> list[Line]:
	"""Section by section, in the order each section was gathered."""
	rank = {section: i for i, section in enumerate(SECTIONS)}
	return sorted(lines, key=lambda line: rank.get(line.section, len(rank)))
