"""Every scheduled job of isms_leadership, and the weekly digest."""
