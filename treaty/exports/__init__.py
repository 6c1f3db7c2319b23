"""Exports of the public record (CSV, JSON, XLSX) and research panels, with the API's filters.

``writers`` turns tables into files, ``tables`` and ``panels`` build the tables, ``views``
validates requests and answers them; docs/exports.md is the column dictionary.
"""
