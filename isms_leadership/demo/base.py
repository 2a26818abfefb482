"""What every step of the demo shares: the names of the demo company, the logins of its
people, one run of the loader (``Demo``: its dates, what it made, what it was refused), acting
as a person (``as_user``), a workflow action as the desk applies it (``transition``) and the
story's data files under ``demo/data/`` (``data``)."""

from __future__ import annotations

import json
import zlib
from collections.abc import Callable
from contextlib import contextmanager
from datetime import date
from functools import cache
from pathlib import Path

import frappe
from frappe.model.workflow import apply_workflow
from frappe.utils import add_days, get_first_day, getdate, today

from isms_leadership.demo.clock import Clock

COMPANY = "ISMS Demo Ltd"
ABBR = "IDL"
CURRENCY = "USD"
DOMAIN = "isms-demo.example"
DEFAULT_PASSWORD = "isms-demo"
TOPIC = "Topic-specific Policy"

#: the first management review was held some five months ago
REVIEW_DAYS_AGO = 150

#: the story's tables and texts, one JSON file per topic; each says in ``_about`` what it holds
DATA = Path(__file__).parent / "data"


@cache
def data(name: str) -> dict:
	"""The data file ``demo/data/<name>``, read once."""
	return json.loads((DATA / name).read_text(encoding="utf-8"))


def login(key: str) -> str:
	"""The user of a demo person: ``director`` → ``director@isms-demo.example``."""
	return key if "@" in key or key in ("Administrator", "Guest") else f"{key}@{DOMAIN}"


def hashed(*parts: str) -> int:
	"""A stable number 0..99 for a combination (who acknowledges when, who joined when)."""
	return zlib.crc32("|".join(parts).encode()) % 100


def content(paragraphs) -> str:
	return "".join(f"<p>{frappe.utils.escape_html(p)}</p>" for p in paragraphs)


# the replayed year -------------------------------------------------------------------------


@contextmanager
def as_user(key: str):
	previous = frappe.session.user
	frappe.set_user(login(key))
	try:
		yield
	finally:
		frappe.set_user(previous)


def transition(doctype: str, name: str, action: str):
	"""A workflow action as the desk applies it, on a fresh copy of the record."""
	apply_workflow(frappe.get_doc(doctype, name).as_dict(), action)
	return frappe.get_doc(doctype, name)


class Demo:
	"""One run of the loader: the dates it works with, what it made, what it was refused."""

	def __init__(self, password: str, log: Callable[[str], None]):
		self.password = password
		self.log = log
		self.today = getdate(today())
		self.clock = Clock(self.today)
		self.refusals: list[str] = []
		self.acknowledged = 0
		self.made_now: set[str] = set()

	def progress(self, phase: str) -> None:
		# not at module top: while the clock is frozen, freezegun swaps the real time.time it
		# finds in any loaded module (this one too) for its fake; freezegun.api keeps the real one
		from freezegun.api import real_time

		self.started = getattr(self, "started", None) or real_time()
		self.log(f"  … {phase} ({real_time() - self.started:.0f} s)")

	def ago(self, days: int) -> date:
		return add_days(self.today, -days)

	# the dates of the story, all relative to today
	@property
	def appointed(self) -> date:
		return self.ago(425)  # the ISMS was set up some fourteen months ago

	@property
	def first_review(self) -> date:
		return self.ago(REVIEW_DAYS_AGO)

	@property
	def leaving_day(self) -> date:
		return max(get_first_day(self.today), self.ago(2))

	def employee(self, key: str) -> str | None:
		return frappe.db.get_value("Employee", {"user_id": login(key), "company": COMPANY}, "name")
