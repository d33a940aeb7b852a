"""Service items of the demo departments (演示事项目录): kind, name, promised working days.

The items are ``data/service_items.csv`` (one 政务服务事项 a row: department, kind, name, days);
``data/catalog.json`` holds the 办理项 variants of each kind (首次申请、变更、延续 …), by which each
item is split, and the number of 办理项 listed per department as of 2024-01-26 (1,645 in all).
"""

from __future__ import annotations

from servicehall.demo.tables import csv_table, json_table

# 办理项 variants by kind, in the order they are taken.
VARIANTS: dict[str, list[str]] = json_table("catalog")["variants"]
# Handling items (办理项) listed per department as of 2024-01-26; they add up to 1,645.
TARGETS: dict[str, int] = json_table("catalog")["handling_items_listed"]


def _items() -> dict[str, list[tuple[str, str, int]]]:
    items: dict[str, list[tuple[str, str, int]]] = {}
    for row in csv_table("service_items"):
        items.setdefault(row["department"], []).append((row["kind"], row["name"], int(row["days"])))
    return items


# 政务服务事项 per department: (kind, name, promised working days), in register order.
ITEMS: dict[str, list[tuple[str, str, int]]] = _items()
