"""Standard notification: its message is isms_action_due.html beside this file."""
