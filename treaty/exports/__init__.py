"""Streaming exports (CSV, JSON, XLSX) and research panels."""
