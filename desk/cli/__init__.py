"""desk.cli."""
