"""Spending is read from an index of the app's over GL Entry (``integrations.budget.GL_INDEX``)."""

from isms_leadership.integrations.budget import ensure_gl_index


def execute():
	ensure_gl_index()
