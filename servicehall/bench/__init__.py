"""`make bench`: the figures of issue 12, on SQLite and on PostgreSQL in one run.

``python -m servicehall.bench`` writes the event files once, runs ``phase`` for each database in a
process of its own, measures the references (DuckDB over the same files, PostgreSQL ``COPY``, a
hello-world WSGI app on the same gunicorn configuration), prints every figure beside its target
and writes the section of ``docs/benchmarks.md`` between its markers. Nothing here asserts:
targets are read by people, never by the test suite.
"""
