"""Runs the whole LUNA platform on one machine without Docker (development and tests)."""
