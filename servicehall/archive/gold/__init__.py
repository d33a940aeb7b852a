"""The fact reader's gold sets (事实抽取标准集): report texts with what a reader takes from them.

Two sets. The written set (``NN-name.txt`` here) was written for the reader and is kept as a
regression set: a fact counts only when label, value, unit, scope and comparison all agree.
The real set (``real/train`` and ``real/test``) holds real public reports of other centers
and 12345 hotlines, saved as published and labelled by hand by someone who had not read the
reader's code (``real/README.md``); there a fact counts when value, unit and comparison agree
and its label is acceptable (``acceptable_label``), and metadata counts where the report
states it (an invented value counts against).

``score()`` reads every text of a set in one format and compares with the expected JSON;
``python -m servicehall.archive.gold`` prints the table for .txt, .docx and .pdf, per set.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from servicehall.gbt9704.document import Document, Fact
from servicehall.reading.numbers import CN_NUMERALS
from servicehall.reading.script import to_simplified

GOLD_DIR = Path(__file__).resolve().parent
RENDERED_DIR = GOLD_DIR / "rendered"
REAL_DIR = GOLD_DIR / "real"
SETS = {
    "written": GOLD_DIR,
    "real train": REAL_DIR / "train",
    "real test": REAL_DIR / "test",
    # Collected and labelled 2026-12-07 by someone who had not read the reader (real/heldout).
    "real heldout": REAL_DIR / "heldout",
    # Collected and labelled 2026-12-07 (second round) blind to the reader; scored once by the
    # lead after the reader's tuning was committed (real/fresh/README.md).
    "real fresh": REAL_DIR / "fresh",
    # Labelled blind to the reader (third round), scored once by the lead after the fourth
    # round was committed (real/fresh2/README.md).
    "real fresh2": REAL_DIR / "fresh2",
    # Labelled blind to the reader (fourth round, 2026-12-07), scored by the lead before and
    # once after the fifth round was committed (real/fresh3/README.md).
    "real fresh3": REAL_DIR / "fresh3",
    # Labelled blind to the reader (fifth round, 2026-12-07), scored by the lead before and
    # once after the sixth round was committed (real/fresh4/README.md).
    "real fresh4": REAL_DIR / "fresh4",
    # Labelled blind to the reader (sixth round, 2026-12-07), scored by the lead before and
    # once after the seventh round was committed (real/fresh5/README.md).
    "real fresh5": REAL_DIR / "fresh5",
    # Labelled blind to the reader (seventh round, 2026-12-07), scored by the lead before and
    # once after the seventh round was committed (real/fresh6/README.md).
    "real fresh6": REAL_DIR / "fresh6",
    # Labelled blind to the reader (eighth round, 2026-12-07: hotlines other than 12345 above
    # all), scored by the lead before and once after the eighth round (real/fresh7/README.md).
    "real fresh7": REAL_DIR / "fresh7",
    # Labelled blind to the reader (eighth round, 2026-12-07: centres, halls, 好差评), scored by
    # the lead before and once after the eighth round was committed (real/fresh8/README.md).
    "real fresh8": REAL_DIR / "fresh8",
    # Labelled blind to the reader (ninth round, 2026-12-07: hotlines, evaluation and data
    # releases), scored by the lead before and once after the ninth round (real/fresh9/README.md).
    "real fresh9": REAL_DIR / "fresh9",
    # Labelled blind to the reader (ninth round, 2026-12-07: centres, halls, 公共资源交易,
    # 便民服务), scored by the lead before and once after the ninth round
    # (real/fresh10/README.md).
    "real fresh10": REAL_DIR / "fresh10",
    # Labelled blind to the reader (ninth round, 2026-12-07: 信访 and 接诉即办, heating lines, self-
    # service and online service, 帮办代办, 营商环境), scored by the lead before and once after the
    # ninth round's second half (real/fresh11/README.md).
    "real fresh11": REAL_DIR / "fresh11",
    # Labelled blind to the reader (tenth round, 2026-12-08: hotlines, city-management lines,
    # centres and halls), scored by the lead before and once after the tenth round
    # (real/fresh12/README.md).
    "real fresh12": REAL_DIR / "fresh12",
}
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
    directory: Path = GOLD_DIR
    real: bool = False  # a real report: labels judged acceptable, metadata where stated

    def path(self, fmt: str) -> Path:
        if fmt == "txt":
            return self.directory / f"{self.name}.txt"
        return self.directory / "rendered" / f"{self.name}.{fmt}"


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


def numbered(directory: Path, suffix: str) -> list[Path]:
    """A set's numbered files with that suffix ("07-…", "117-…"), in the order of their numbers:
    a number of any width, so that a set numbered past 99 is read whole."""
    found = [p for p in directory.glob(f"*{suffix}") if re.fullmatch(r"\d+-.+", p.stem)]
    return sorted(found, key=lambda p: (int(p.stem.split("-", 1)[0]), p.stem))


def load(directory: Path = GOLD_DIR) -> list[GoldReport]:
    """Every report of a set, in file order (a text without its labels yet is left out)."""
    reports = []
    real = directory != GOLD_DIR
    for path in numbered(directory, ".json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        reports.append(
            GoldReport(
                path.stem,
                data.get("kind", ""),
                data["metadata"],
                data["facts"],
                data.get("rankings", []),
                directory,
                real,
            )
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


_NOT_LABEL = re.compile(r"[^\u4e00-\u9fffA-Za-z0-9]")

# What a hand label may put in its scope that is no "who or where" (README: scope): the time a
# figure covers (the report's period, or a part of it) and the table it is printed in.
RE_SCOPE_TIME = re.compile(
    r"(?:\d{4}年)?(?:\d{1,2}\s*[、，,\-—–~～至到]\s*)?\d{1,2}月份?"
    r"(?:\d{1,2}日)?(?:\s*[至到\-—–~～]\s*(?:\d{1,2}月)?\d{1,2}日)?"
    r"|(?:今年|去年|\d{4}年)?(?:上半年|下半年|第?[一二三四1-4]季度)|\d{4}年(?:度)?"
    # a time said relative to the figure's other value: "由原来的5个工作日…" (原, 开通时)
    r"|^(?:原来|原先|原|此前|之前|目前|现在|开通时|开通之初|成立之初|成立时|运行之初)$"
)
# A caption names its table at any length ("各县、赣榆区承办工单数量、考评得分及排名表").
RE_SCOPE_TABLE = re.compile(r"^(?:附件)?(?:[\u4e00-\u9fff、]{0,40}表\d*|表\d+)$")


def _plain(text: str) -> str:
    """A string in simplified characters, letters and digits only: a label printed in
    traditional characters (滿意率) is the same label as 满意率."""
    return _NOT_LABEL.sub("", to_simplified(text))


def _said(fact: Fact | dict[str, Any], scope_first: bool = True) -> str:
    """Scope and label as one string of letters: what the fact says it counts (the scope's
    time and table caption left out: they say when and where it is printed, not what)."""
    data = fact.to_json() if isinstance(fact, Fact) else fact
    scope = RE_SCOPE_TIME.sub("", data.get("scope") or "")
    scope = "" if RE_SCOPE_TABLE.match(_plain(scope) or "-") else scope
    label = (
        RE_SCOPE_TIME.sub("", data["label"], count=1)
        if RE_SCOPE_TIME.match(data["label"])
        else data["label"]
    )
    return _plain(f"{scope}{label}" if scope_first else f"{label}{scope}")


# Who a reader's label may name before the hand label's verb: the hotline, platform, hall or
# office that did what is counted ("市12345平台受理问题" for 受理问题).
RE_SUBJECT = re.compile(
    r"^(?:全省|全市|全区|全县|省|市|区|县)?[\u4e00-\u9fffA-Za-z0-9]{0,16}"
    r"(?:热线|平台|服务中心|中心|大厅|信箱)$"
)


def acceptable_label(found: Fact | dict[str, Any], expected: dict[str, Any]) -> bool:
    """Whether a reader would accept the label read: scope and label together name what the
    hand label names — the same words, or one within the other that is at least half of it
    ("咨询类诉求" for "咨询类"), or the same words but for their order around a scope
    (差评标签：在办事指南之外… read as 在办事指南之外…差评标签)."""
    said = _said(found)
    for wanted in {_said(expected), _said(expected, scope_first=False)}:
        if not said or not wanted:
            continue
        if said == wanted or _rotated(said, wanted):
            return True
        if said.endswith(wanted) and RE_SUBJECT.match(said[: -len(wanted)]):
            return True  # the same label, with who did it before it
        short, long = sorted((said, wanted), key=len)
        if len(short) >= 2 and _within(short, long) and len(short) * 2 >= len(long):
            return True
    return False


def _rotated(said: str, wanted: str) -> bool:
    """The same words in two parts, the other way round: 差评标签“超期办理” read as 超期办理差评标签."""
    return len(said) == len(wanted) and any(
        said == wanted[cut:] + wanted[:cut] for cut in range(2, len(wanted) - 1)
    )


def _within(short: str, long: str) -> bool:
    """The shorter is in the longer as one piece, or as two with one word between them (the
    counted noun or a 的 the other leaves out: 社保类占比 in 社保类诉求占比)."""
    if short in long:
        return True
    return any(
        long.startswith(short[:cut]) and long.endswith(short[cut:]) for cut in range(2, len(short))
    )


def _value_key(fact: Fact | dict[str, Any]) -> tuple[float, str, tuple[str | None, str] | None]:
    key = fact_key(fact)
    return key[1], to_simplified(key[2]), key[4]  # 個 is 个


# Units a hand label may give a table's bare cell from the text around it (话务量 | 34859 |
# read as 件): the table prints none, and a reader that gives none has not read it wrong.
COUNT_UNITS = frozenset(
    [
        "件",
        "个",
        "条",
        "次",
        "人次",
        "件次",
        "宗",
        "通",
        "张",
        "项",
        "家",
        "名",
        "人",
        "户",
        "笔",
        "篇",
    ]
)


def _same_value(fact: Fact, wanted: tuple[float, str, tuple[str | None, str] | None]) -> bool:
    """Value, unit and comparison agree; a bare table cell (no unit printed in its row)
    agrees with a hand label that gave it a count unit."""
    value, unit, comparison = _value_key(fact)
    if (value, comparison) != (wanted[0], wanted[2]):
        return False
    if unit == wanted[1]:
        return True
    bare_cell = (
        not unit
        and "|" in fact.text
        and not re.search(rf"{re.escape(str(fact.value))}\s*(?:{'|'.join(COUNT_UNITS)})", fact.text)
    )
    return bare_cell and wanted[1] in COUNT_UNITS


def _compare_real_facts(report: GoldReport, doc: Document, score: Score) -> None:
    """Each expected fact matched with one read fact of the same value, unit and comparison
    whose label is acceptable; what is left on either side is a miss."""
    found = list(doc.facts)
    used = [False] * len(found)
    score.found += len(found)
    score.expected += len(report.facts)
    for expected in report.facts:
        wanted = _value_key(expected)
        for index, fact in enumerate(found):
            if not used[index] and _same_value(fact, wanted) and acceptable_label(fact, expected):
                used[index] = True
                score.matched += 1
                break
        else:
            score.misses.append(f"{report.name} [{score.fmt}] missed {fact_key(expected)}")
    for index, fact in enumerate(found):
        if not used[index]:
            score.misses.append(f"{report.name} [{score.fmt}] extra  {fact_key(fact)}")


def compare(report: GoldReport, doc: Document, score: Score) -> None:
    """Add one report's agreement to the score; say each disagreement in ``score.misses``."""
    if report.real:
        _compare_real_facts(report, doc, score)
        _compare_metadata(report, doc, score)
        _compare_real_rankings(report, doc, score)
        return
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


# A pinyin gloss a web page prints after a character: 平臺(tái), 發(fā)布.
RE_GLOSS = re.compile(r"\([a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-zü]*\)")


def _stated(value: Any) -> Any:
    """A metadata value as stated: a period of two nulls is none; a name is compared without
    spaces and pinyin glosses (a title typed "政务服务 “好差评”" is the one read without)."""
    if isinstance(value, dict) and not any(value.values()):
        return None
    if isinstance(value, str):
        return re.sub(r"\s+", "", to_simplified(RE_GLOSS.sub("", value)))
    return value


# The 期号 a title line ends with, "（2021年第三期）": it is scored as number and year, and a
# title read without it is the same title.
RE_TITLE_ISSUE_SUFFIX = re.compile(
    rf"[（(]?\s*(?:\d{{4}}年度?)?第[\d{CN_NUMERALS}]{{1,4}}期\s*[）)]?"
    r"(?:[（(]?总第\d{1,5}期[）)]?)?$"
)


def _without_issue(title: Any) -> Any:
    return RE_TITLE_ISSUE_SUFFIX.sub("", title) or title if isinstance(title, str) else title


def _compare_real_rankings(report: GoldReport, doc: Document, score: Score) -> None:
    """A ranking of a real report counts when its items are read, in order."""
    read = [[_stated(item) for item in r.items] for r in doc.rankings]
    score.rankings_total += len(report.rankings)
    for ranking in report.rankings:
        if [_stated(item) for item in ranking["items"]] in read:
            score.rankings_right += 1
        else:
            score.misses.append(f"{report.name} [{score.fmt}] missed ranking {ranking}")


def _compare_metadata(report: GoldReport, doc: Document, score: Score) -> None:
    """Metadata of a real report: each field it states, and each the reader gave that it does
    not state (an invented one), counts."""
    actual = {name: _stated(value) for name, value in metadata_of(doc).items()}
    actual["title"] = _without_issue(actual["title"])
    for name in METADATA_FIELDS:
        wanted = _stated(report.metadata.get(name))
        wanted = _without_issue(wanted) if name == "title" else wanted
        if wanted is None and actual[name] is None:
            continue
        score.metadata_total += 1
        if actual[name] == wanted:
            score.metadata_right += 1
        else:
            score.misses.append(
                f"{report.name} [{score.fmt}] {name}: {actual[name]!r} ≠ {wanted!r}"
            )


def score(fmt: str, reports: list[GoldReport] | None = None) -> Score:
    """Read every report of a set (the written set by default) in ``fmt`` (txt, docx, pdf)
    and score it."""
    from servicehall.archive.importer import parse_file

    result = Score(fmt)
    for report in reports if reports is not None else load():
        compare(report, parse_file(report.path(fmt)), result)
    return result
