"""The demo data set (演示数据): a realistic, deterministic hall, calibrated to the seed reports.

`servicehall demo` loads it into an empty database. It holds the Sichuan provincial center and
44 stationed departments, their 1,645 办理项 with dated authorisation and handbook changes, the
comprehensive windows and their staff, a year of case events (2023-01-01 to 2024-02-09), news,
visits, patrols, benefit policies, platform counts, evaluations and five logins — every figure of
the seed reports 2023年第9期 and 2024年第4期 comes out of the figures module exactly.

The literal tables are files under ``data/`` (CSV and JSON, read by ``tables``); the modules
``departments`` / ``catalog_data`` / ``catalog`` / ``events`` / ``journal`` / ``people`` derive
plain rows from them; ``data.build()`` assembles them from one seed; ``loader.load()`` writes
them, the event log through ``cases.eventlog``.
"""
