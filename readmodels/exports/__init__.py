"""Exports of the decisions: CSV and Excel for finance and auditors, and 360Giving JSON
open data. Each is written from one snapshot of the read models, streamed, so memory
does not grow with the number of applications."""
