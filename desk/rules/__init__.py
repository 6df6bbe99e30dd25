"""desk.rules."""
