"""Standard notification: its message is isms_policy_review_due.html beside this file."""
