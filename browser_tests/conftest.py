"""Fixtures of the browser tests: Debian's Chromium driven by Playwright, logins through the
login form, console capture, screenshots and a REST client for setup and clean-up.

Run them with `scripts/browser-tests` (it starts the bench's web server and a worker on
loopback); `ISMS_BASE_URL` points at a server already running.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Playwright, sync_playwright

from browser_tests.desk import Api, ConsoleLog, Desk

REPO = Path(__file__).resolve().parent.parent
BASE_URL = os.environ.get("ISMS_BASE_URL", "http://isms-test.localhost:8011").rstrip("/")
SITE = os.environ.get("ISMS_SITE", urlsplit(BASE_URL).hostname)
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
PASSWORD = os.environ.get("ISMS_DEMO_PASSWORD", "isms-demo")
SCREENSHOT_DIR = Path(os.environ.get("ISMS_SCREENSHOT_DIR", REPO / "docs" / "screenshots"))
FAILURE_DIR = REPO / "browser_tests" / ".output"

# The flags every launch uses, plus one that resolves the site's name to loopback.
CHROMIUM_FLAGS = [
	"--headless",
	"--no-sandbox",
	"--disable-gpu",
	"--disable-background-networking",
	"--disable-component-update",
	"--no-first-run",
	"--disable-sync",
	f"--host-resolver-rules=MAP {urlsplit(BASE_URL).hostname} 127.0.0.1",
]


def pytest_runtest_makereport(item, call):
	"""Keep each phase's outcome on the test item, so fixtures know whether the test failed."""
	if call.when == "call":
		item.test_failed = call.excinfo is not None


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
	with sync_playwright() as pw:
		yield pw


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
	if not os.path.exists(CHROMIUM):
		pytest.exit(f"Chromium not found at {CHROMIUM}", returncode=2)
	browser = playwright.chromium.launch(
		executable_path=CHROMIUM, headless=True, chromium_sandbox=False, args=CHROMIUM_FLAGS
	)
	yield browser
	browser.close()


@pytest.fixture(scope="session")
def run_stamp() -> str:
	"""Makes the titles of this run's records unique, so the suite runs again on the same site."""
	return time.strftime("%m%d-%H%M%S")


@pytest.fixture(scope="session")
def admin_api(playwright: Playwright) -> Iterator[Api]:
	"""REST as Administrator, for reading state and undoing what a scenario made."""
	api = Api.login(
		playwright, BASE_URL, SITE, "Administrator", os.environ.get("ISMS_ADMIN_PASSWORD", "admin")
	)
	yield api
	api.close()


@pytest.fixture
def api_as(playwright: Playwright) -> Iterator:
	"""REST as a demo user, for clean-ups only that user may do (e.g. a director cancels)."""
	opened: list[Api] = []

	def login(user: str) -> Api:
		api = Api.login(playwright, BASE_URL, SITE, user, PASSWORD)
		opened.append(api)
		return api

	yield login
	for api in opened:
		api.close()


@pytest.fixture
def desk_as(browser: Browser, request) -> Iterator:
	"""Opens a desk for a demo user, logged in through /login, in a browser context of its own.

	Every console error and uncaught page error of every page is collected; the test fails at
	the end on any that is not known third-party noise (see ConsoleLog.IGNORED)."""
	console = ConsoleLog()
	desks: list[Desk] = []

	def open_desk(user: str, password: str = PASSWORD) -> Desk:
		context = browser.new_context(
			base_url=BASE_URL, viewport={"width": 1366, "height": 860}, locale="en-US", timezone_id="UTC"
		)
		context.set_default_timeout(20_000)
		desk = Desk(context, user, console, SCREENSHOT_DIR)
		desks.append(desk)
		desk.login(user, password)
		return desk

	yield open_desk

	if getattr(request.node, "test_failed", False):
		FAILURE_DIR.mkdir(parents=True, exist_ok=True)
		for i, desk in enumerate(desks):
			name = re.sub(r"[^\w.-]+", "_", f"{request.node.name}-{i}-{desk.user}")
			try:
				desk.page.screenshot(path=str(FAILURE_DIR / f"{name}.png"), full_page=True)
			except Exception as e:
				print(f"no failure screenshot of {desk.user}: {e}")
	for desk in desks:
		desk.context.close()
	errors = console.errors()
	if errors:
		pytest.fail("JavaScript errors in the browser:\n" + "\n".join(errors), pytrace=False)
