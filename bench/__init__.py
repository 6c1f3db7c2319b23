"""Benchmarks of the tracker at full size: ``make bench`` runs ``bench/run.py``."""
