"""Standard notification: its message is isms_role_assignment_expiring.html beside this file."""
