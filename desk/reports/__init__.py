"""desk.reports."""
