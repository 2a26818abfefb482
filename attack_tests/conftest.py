"""Fixtures of the HTTP attack tests: REST sessions of the demo's people against the bench's
web server on loopback, and the Administrator's session to make each test's own records.

Run them with `scripts/attack-tests` (it starts the web server and a worker on 127.0.0.1);
`ISMS_BASE_URL` points at a server already running. The site needs the demo company.
"""

from __future__ import annotations

import itertools
import os
import time
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest

from attack_tests.client import DEMO_COMPANY, PEOPLE_MADE, SITE_TIME_ZONE, Client, Site, today

BASE_URL = os.environ.get("ISMS_BASE_URL", "http://isms-test.localhost:8011").rstrip("/")
SITE = os.environ.get("ISMS_SITE", urlsplit(BASE_URL).hostname)
PASSWORD = os.environ.get("ISMS_DEMO_PASSWORD", "isms-demo")
ADMIN_PASSWORD = os.environ.get("ISMS_ADMIN_PASSWORD", "admin")
BENCH = os.environ.get("FRAPPE_BENCH", os.path.expanduser("~/frappe-bench"))


@pytest.fixture(scope="session")
def site() -> Site:
	return Site(BASE_URL, SITE, BENCH)


@pytest.fixture(scope="session")
def admin(site: Site) -> Iterator[Client]:
	"""REST as Administrator: makes each test's records, reads state, cleans up."""
	client = Client.login(site, "Administrator", ADMIN_PASSWORD)
	zone = client.get_doc("System Settings", "System Settings").get("time_zone")
	if zone:
		SITE_TIME_ZONE[:] = [zone]
	yield client
	leave(client, site)
	client.close()


def leave(admin: Client, site: Site) -> None:
	"""The people the tests made leave the company today, as HR would record it, so that
	the demo company keeps its own headcount; then the daily sweeps run, as the scheduler
	would, for what the tests changed behind the app's back."""
	for employee in PEOPLE_MADE:
		# appointments of theirs never approved go with them
		for draft in admin.get_list("Role Assignment", {"employee": employee, "docstatus": 0}):
			admin.http.delete(f"{admin.site.origin}/api/resource/Role Assignment/{draft['name']}")
		current = admin.get_doc("Employee", employee)
		if current["status"] != "Left":
			admin.put("Employee", employee, {"status": "Left", "relieving_date": today()})
	# the daily leaver sweep: assignments vacated, acknowledgements closed
	site.execute("isms_leadership.tasks.appointments.vacate_leavers")
	# the records the tests left undecided would wait in the demo directors' queue
	for doctype, field, prefix in MADE_RECORDS:
		for draft in admin.get_list(
			doctype, {"company": DEMO_COMPANY, field: ["like", f"{prefix}%"], "docstatus": 0}, limit=0
		):
			admin.http.delete(f"{admin.site.origin}/api/resource/{doctype}/{draft['name']}")


#: (doctype, field, how it starts) of the records the tests make for themselves
MADE_RECORDS = (
	("Security Policy", "title", "Attack test policy "),
	("Resource Allocation", "purpose", "Attack test "),
	("Security Objective", "objective", "Attack test objective "),
	("Management Review", "title", "Attack test review "),
)


@pytest.fixture
def login(site: Site) -> Iterator:
	"""``login(user)``: a REST session of a demo person (or a person a test made)."""
	opened: list[Client] = []

	def open_session(user: str, password: str = PASSWORD) -> Client:
		client = Client.login(site, user, password)
		opened.append(client)
		return client

	yield open_session
	for client in opened:
		client.close()


_counter = itertools.count(1)


@pytest.fixture
def unique() -> str:
	"""A suffix that makes a test's titles and logins unique, so the suite runs again."""
	return f"{time.strftime('%m%d%H%M%S')}-{next(_counter)}"
