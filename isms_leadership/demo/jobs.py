"""The scheduler's daily work, run at the end of the demo so that derived state (statuses,
overdue flags, reminders) is brought up to today."""

from __future__ import annotations

import frappe

# the scheduler's daily work ---------------------------------------------------------------------

#: the app's daily jobs that bring derived state up to today (the scheduler runs them daily)
DAILY_JOBS = (
	"isms_leadership.tasks.appointments.vacate_leavers",
	"isms_leadership.tasks.appointments.update_statuses",
	"isms_leadership.tasks.policies.remind_overdue",
	"isms_leadership.tasks.reviews.update_overdue",
	"isms_leadership.tasks.policies.remind_reviews",
	"isms_leadership.tasks.practice.update_objectives",
	"isms_leadership.tasks.practice.remind_overdue_communications",
	"isms_leadership.tasks.practice.remind_awareness",
)


def run_daily_jobs() -> None:
	for path in DAILY_JOBS:
		frappe.get_attr(path)()
