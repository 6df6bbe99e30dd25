"""desk.domain."""
