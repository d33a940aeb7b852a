"""The fact reader's gold set (事实抽取标准集): report texts with what a reader takes from them.

``score()`` reads every text of the set in one format and compares with the expected JSON;
``python -m servicehall.archive.gold`` prints the table for .txt, .docx and .pdf.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from servicehall.gbt9704.document import Document, Fact

GOLD_DIR = Path(__file__).resolve().parent
RENDERED_DIR = GOLD_DIR / "rendered"
METADATA_FIELDS = ("title", "issuer", "year", "number", "serial", "issue_date", "period")
FORMATS = ("txt", "docx", "pdf")

FactKey = tuple[str, float, str, str | None, tuple[str | None, str] | None]


@dataclass
class GoldReport:
    """One text of the set with what a reader takes from it (标准答案)."""

    name: str
    kind: str
    metadata: dict[str, Any]
    facts: list[dict[str, Any]]
    rankings: list[dict[str, Any]]

    def path(self, fmt: str) -> Path:
        return (
            GOLD_DIR / f"{self.name}.txt" if fmt == "txt" else RENDERED_DIR / f"{self.name}.{fmt}"
        )


@dataclass
class Score:
    """Precision and recall of facts, and metadata right, over the set in one format."""

    fmt: str
    found: int = 0
    expected: int = 0
    matched: int = 0
    metadata_right: int = 0
    metadata_total: int = 0
    rankings_right: int = 0
    rankings_total: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.matched / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.expected if self.expected else 1.0

    @property
    def metadata_accuracy(self) -> float:
        return self.metadata_right / self.metadata_total if self.metadata_total else 1.0

    def line(self) -> str:
        return (
            f"{self.fmt:<5} facts: precision {self.precision:.3f} ({self.matched}/{self.found}), "
            f"recall {self.recall:.3f} ({self.matched}/{self.expected}); "
            f"metadata {self.metadata_right}/{self.metadata_total}; "
            f"rankings {self.rankings_right}/{self.rankings_total}"
        )


def load() -> list[GoldReport]:
    """Every report of the set, in file order."""
    reports = []
    for path in sorted(GOLD_DIR.glob("[0-9][0-9]-*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        reports.append(
            GoldReport(path.stem, data["kind"], data["metadata"], data["facts"], data["rankings"])
        )
    return reports


def fact_key(fact: Fact | dict[str, Any]) -> FactKey:
    """What must agree for a fact to count as read right."""
    if isinstance(fact, Fact):
        fact = fact.to_json()
    comparison = fact.get("comparison")
    value = fact["value"]
    return (
        fact["label"],
        round(float(value if not isinstance(value, Decimal) else float(value)), 6),
        fact["unit"],
        fact.get("scope"),
        (comparison.get("basis"), comparison["direction"]) if comparison else None,
    )


def metadata_of(doc: Document) -> dict[str, Any]:
    parsed = doc.to_parsed()
    return {name: parsed[name] for name in METADATA_FIELDS}


def compare(report: GoldReport, doc: Document, score: Score) -> None:
    """Add one report's agreement to the score; say each disagreement in ``score.misses``."""
    found = Counter(fact_key(f) for f in doc.facts)
    expected = Counter(fact_key(f) for f in report.facts)
    matched = found & expected
    score.found += sum(found.values())
    score.expected += sum(expected.values())
    score.matched += sum(matched.values())
    for key in (expected - matched).elements():
        score.misses.append(f"{report.name} [{score.fmt}] missed {key}")
    for key in (found - matched).elements():
        score.misses.append(f"{report.name} [{score.fmt}] extra  {key}")
    actual = metadata_of(doc)
    for name in METADATA_FIELDS:
        score.metadata_total += 1
        if actual[name] == report.metadata.get(name):
            score.metadata_right += 1
        else:
            score.misses.append(
                f"{report.name} [{score.fmt}] {name}: {actual[name]!r} ≠ {report.metadata.get(name)!r}"
            )
    rankings = [r.to_json() for r in doc.rankings]
    score.rankings_total += len(report.rankings)
    score.rankings_right += sum(1 for r in report.rankings if r in rankings)
    for ranking in rankings:
        if ranking not in report.rankings:
            score.misses.append(f"{report.name} [{score.fmt}] ranking {ranking}")
    for ranking in report.rankings:
        if ranking not in rankings:
            score.misses.append(f"{report.name} [{score.fmt}] missed ranking {ranking}")


def score(fmt: str, reports: list[GoldReport] | None = None) -> Score:
    """Read every report of the set in ``fmt`` (txt, docx, pdf) and score it."""
    from servicehall.archive.importer import parse_file

    result = Score(fmt)
    for report in reports if reports is not None else load():
        compare(report, parse_file(report.path(fmt)), result)
    return result
