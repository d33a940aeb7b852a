"""Sort the real sets' misses into kinds (未命中分类): ``python -m servicehall.archive.gold.kinds [-v]``.

Each fact a real set's hand labels list and the reader did not match is paired with a fact the
reader gave of the same value, unit and comparison (a label that disagrees), or left alone (not
read); a reader's fact left over is an "extra". A pair is sorted by what went wrong, the first
kind that fits, in this order: a table's cell, the label not found, the hand scope lost (the
label right), a share, words kept before or around the label, the label too short, the scope
another who, any other label. Metadata is sorted by field. The count of each kind per set is
what the gold README's "Sixth round" table gives, before and after each rule; ``-v`` lists each
miss with its kind.
"""

from __future__ import annotations

import os
import sys
from collections import Counter
from typing import Any

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "servicehall.settings")
django.setup()

from servicehall.archive.gold import (  # noqa: E402
    METADATA_FIELDS,
    SETS,
    _plain,
    _said,
    _same_value,
    _stated,
    _value_key,
    _without_issue,
    acceptable_label,
    load,
    metadata_of,
)
from servicehall.archive.importer import parse_file  # noqa: E402
from servicehall.gbt9704.document import Fact  # noqa: E402
from servicehall.reading.facts.label import UNLABELLED  # noqa: E402


def kind_of(expected: dict[str, Any], fact: Fact | None) -> str:
    """What went wrong with one hand-labelled fact, given the reader's fact of its value."""
    if fact is None:
        return "not read"
    if "|" in fact.text or "\n" in fact.text:
        return "table cell"
    if fact.label == UNLABELLED:
        return "label not found"
    said, wanted, label = _said(fact), _said(expected), _plain(expected["label"])
    if (
        expected.get("scope")
        and not fact.scope
        and (label in _plain(fact.label) or _plain(fact.label) in label)
    ):
        return "scope lost"
    if "占" in expected["label"] or "占" in fact.label:
        return "share"
    if len(wanted) >= 2 and wanted in said:
        return "words kept before/around the label"
    if said in wanted:
        return "label too short"
    if expected.get("scope") and fact.scope and _plain(expected["scope"]) != _plain(fact.scope):
        return "scope wrong"
    return "label other"


def sort_set(name: str, fmt: str = "txt") -> tuple[Counter[str], list[str]]:
    """The count of each kind of miss in one set, and each miss said in a line."""
    counts: Counter[str] = Counter()
    lines: list[str] = []
    for report in load(SETS[name]):
        doc = parse_file(report.path(fmt))
        found = list(doc.facts)
        used = [False] * len(found)
        unmatched = []
        for expected in report.facts:
            wanted = _value_key(expected)
            for index, fact in enumerate(found):
                if (
                    not used[index]
                    and _same_value(fact, wanted)
                    and acceptable_label(fact, expected)
                ):
                    used[index] = True
                    break
            else:
                unmatched.append(expected)
        for expected in unmatched:
            wanted = _value_key(expected)
            pair = None
            for index, fact in enumerate(found):
                if not used[index] and _same_value(fact, wanted):
                    used[index], pair = True, fact
                    break
            kind = kind_of(expected, pair)
            counts[kind] += 1
            read = (pair.scope, pair.label) if pair else None
            lines.append(
                f"{report.name} {kind}: {expected.get('scope')} {expected['label']} {expected['value']} ← {read}"
            )
        for index, fact in enumerate(found):
            if not used[index]:
                counts["extra"] += 1
                lines.append(f"{report.name} extra: {fact.scope} {fact.label} {fact.value}")
        actual = {field: _stated(value) for field, value in metadata_of(doc).items()}
        actual["title"] = _without_issue(actual["title"])
        for field in METADATA_FIELDS:
            stated = _stated(report.metadata.get(field))
            stated = _without_issue(stated) if field == "title" else stated
            if (stated is not None or actual[field] is not None) and actual[field] != stated:
                counts[f"metadata {field}"] += 1
                lines.append(f"{report.name} metadata {field}: {actual[field]!r} ≠ {stated!r}")
    return counts, lines


if __name__ == "__main__":
    names = [name for name in SETS if name != "written"]
    table = {}
    for name in names:
        table[name], lines = sort_set(name)
        if "-v" in sys.argv:
            print("\n".join(f"{name}: {line}" for line in lines))
    kinds = sorted({kind for counts in table.values() for kind in counts})
    print("kind".ljust(36) + "".join(name.removeprefix("real ").rjust(9) for name in names))
    for kind in kinds:
        print(kind.ljust(36) + "".join(str(table[name][kind]).rjust(9) for name in names))
