"""Ranked lists (排名: "办件量前5位的部门：A、B、C") and the pattern their items are read by."""

from __future__ import annotations

import re

from servicehall.gbt9704.document import Ranking
from servicehall.reading.facts.label import RE_ASIDE, strip_leading_time
from servicehall.reading.facts.quantities import prepare
from servicehall.reading.numbers import CN_NUMERALS, parse_chinese_number


def extract_rankings(text: str) -> list[Ranking]:
    """Ranked lists (排名): "办件量前5位的部门：A、B、C、D、E" → Ranking(label, items); the
    items may carry their quantities ("卫生健康类2652件，占比31.9%；城市管理类817件…",
    "市公安局（226宗）、…"), which are facts of their own."""
    if not isinstance(text, str) or not text:
        return []
    rankings = []
    prepared = prepare(text)
    for match in RE_RANKING.finditer(prepared):
        label = strip_leading_time(RE_ASIDE.sub("", match.group("label")).strip())
        listed = re.sub(r"[（(][^）)]*[）)]", "", match.group("items"))
        items = [item.strip().removesuffix("等") for item in re.split(r"[、,]", listed)]
        items = [item for item in items if item]
        if "\n" in prepared[match.end("label") : match.start("items")]:
            # "诉求量前10位的分别是：" ending its line: one item a line, the name before its count
            items = _items_by_line(prepared[match.start("items") :], match.group("count"))
        elif any(re.search(r"\d", item) for item in items):
            items = _counted_items(prepared[match.start("items") :], match.group("count"))
        if label and len(items) >= 2:
            rankings.append(Ranking(label=label, items=items))
    return rankings


def _items_by_line(text: str, count: str) -> list[str]:
    """The names of a ranked list printed one item a line ("居民日常服务1412件，主要是…"), up
    to its stated length; a line with no count, or its name alone, ends it."""
    limit = int(count) if count.isdigit() else (parse_chinese_number(count) or 0)
    items: list[str] = []
    for line in text.split("\n"):
        line = line.strip()
        match = re.match(r"(\D+?)\s*\d", line)
        if not match:
            if line and len(line) <= 20 and len(items) == limit - 1:
                items.append(line)  # the last item, its count cut off
            break
        items.append(match.group(1).strip("，,、 "))
        if len(items) == limit:
            break
    return items


def _counted_items(text: str, count: str) -> list[str]:
    """The names of a ranked list whose items carry quantities, up to its stated length; where
    the items are parted by semicolons, a name may hold a 、 ("规划、住房类2735件；")."""
    limit = int(count) if count.isdigit() else (parse_chinese_number(count) or 0)
    sentence = re.split(r"[。\n]", text, maxsplit=1)[0]
    parts = r"[；;]" if re.search(r"\d[^；;]*[；;]", sentence) else r"[、，,；;]"
    # "居民日常服务1412件，主要是水电气、路灯…": an item explained; the words after 主要是
    # are no items, and the next items follow a line each
    explained = bool(re.search(r"\d[^，,]*[，,]\s*主要(?:是|为|涉及)", sentence))
    items: list[str] = []
    for piece in re.split(parts, re.sub(r"[（(][^）)]*[）)]", "", sentence)):
        name = re.split(r"\d", piece.strip(), maxsplit=1)[0].strip().removeprefix("和")
        name = name.removeprefix("及").removesuffix("等")
        if not name or name.startswith(("占", "比", "同比", "环比", "较", "其中", "主要")):
            continue
        if explained and not re.search(r"\d", piece):
            continue
        items.append(name)
        if len(items) == limit:
            break
    if explained and len(items) < limit and "\n" in text:
        items += _items_by_line(text.split("\n", 1)[1], str(limit - len(items)))
    return items


RE_RANKING = re.compile(
    r"(?P<label>(?P<measure>[^，,。；;：:\n]{0,24}?)(?:排名|排在|位居|居)?(?:前|后)\s*"
    rf"(?P<count>\d{{1,2}}|[{CN_NUMERALS}]{{1,3}})\s*(?:位|名)?[^，,。；;：:\n]{{0,12}}?)"
    r"(?:依次|分别)?(?:为|是|有)?[：:]?(?<=[：:为是有])\s*"
    r"(?P<items>[^。；;：:\n，]+)"
)
