"""The clock of the replayed year: each step of the demo runs with the time set to its own
day (relative to today), so approval times, acknowledgement dates, due dates, overdue
acknowledgements and actions come out as they would have. Dates in the future never happen.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytz

import frappe
from frappe.utils import getdate


class Clock:
	"""Sets the time of the steps of the replayed year, one day at a time (with freezegun)."""

	def __init__(self, now_day: date):
		self.today = now_day
		self.steps = 0
		self._freezer = self._frozen = None

	def __enter__(self):
		try:
			# imported when the replay starts, not at module top: a site without freezegun can
			# still import the demo, and is told below how to install it
			from freezegun import freeze_time
		except ImportError as e:  # pragma: no cover - freezegun is a dependency of the app
			raise RuntimeError(
				"The demo replays its year with freezegun: `bench pip install freezegun`."
			) from e
		self._freezer = freeze_time(self._real_utcnow())
		self._frozen = self._freezer.start()
		return self

	def __exit__(self, *exc):
		self._freezer.stop()
		self._freezer = self._frozen = None

	def at(self, day, hour: int = 9) -> None:
		"""Continue on ``day`` at about ``hour`` o'clock (site time); never later than now."""
		self.steps += 1
		# never on a whole second: Frappe compares a record's stored modification time with the
		# one it read as text, and a datetime without microseconds prints without them
		local = datetime.combine(getdate(day), time(hour)) + timedelta(
			seconds=7 * self.steps, microseconds=100_000 + self.steps % 900_000
		)
		zone = pytz.timezone(frappe.utils.get_system_timezone())
		moment = zone.localize(local).astimezone(pytz.utc).replace(tzinfo=None)
		self._frozen.move_to(min(moment, self._real_utcnow()))

	@staticmethod
	def _real_utcnow() -> datetime:
		# not at module top: while the clock is frozen, freezegun swaps the real datetime it finds
		# in any loaded module (this one too) for its fake; freezegun.api keeps the real one
		from freezegun.api import real_datetime

		return real_datetime.utcnow()
