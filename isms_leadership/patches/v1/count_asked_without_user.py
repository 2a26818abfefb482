"""Those still asked who have no user to acknowledge with are kept with the other counts of
each policy version from now on: counted once here, with the rest, from the rows."""

from isms_leadership import ack_counts
from isms_leadership.queries.policies import recount_acknowledgements


def execute():
	for policy, by_status in recount_acknowledgements().items():
		ack_counts.set_counts(policy, by_status)
