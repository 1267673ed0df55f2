"""Benchmarks at archive scale: `python -m bench --dossiers N --out DIR` (default 1,000,000 dossiers)
builds the database with `motcua demo-data`, measures every target of design.md beside the naive way of
doing the same thing in the same run, and writes a JSON file and a Markdown table. Not part of the
app; the test suite runs it at a smoke size (tests/bench/)."""
