"""Benchmarks behind ``make bench`` (kept apart from the tests: nothing here is timed in CI)."""
