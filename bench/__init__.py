"""Benchmark harness: synthetic facts at scale tiers, measurements, a naive baseline, BENCHMARKS.md.

Run with ``make bench`` or ``python -m bench --help``.
"""
