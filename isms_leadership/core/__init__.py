"""Pure decisions of isms_leadership.

Nothing in this package imports frappe: every function takes plain values (dates,
strings, sets, numbers) and returns plain values, so the rules can be tested with plain
pytest and reused by controllers, scheduler jobs and reports alike.
"""
