"""The acknowledgements of every policy version are counted once, so that the counts kept
from now on (``ack_counts``) start from the truth."""

from isms_leadership import ack_counts
from isms_leadership.queries.policies import recount_acknowledgements


def execute():
	for policy, by_status in recount_acknowledgements().items():
		ack_counts.set_counts(policy, by_status)
