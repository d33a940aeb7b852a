"""The layouts that ship with the system (内置版式) and the checks every layout must pass."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import Q

from servicehall.org.models import Center
from servicehall.reports.indicator_block import block_problem
from servicehall.reports.models import DistributionLine, ReportLayout, ReportSeries
from servicehall.reports.wording import WordingError, compile_wording

SHIPPED_DIR = Path(__file__).resolve().parent / "layouts"
BLOCK_TYPES = {
    "text",
    "news",
    "visits",
    "patrol",
    "free",
    "children",
    "child_highlights",
    "indicators",
}
MAX_DEPTH = 3


class LayoutError(ValueError):
    """A layout definition is not usable; the message says where."""


def shipped_definitions() -> dict[str, dict[str, Any]]:
    """Title → definition, for the layouts in reports/layouts/*.json."""
    result = {}
    for path in sorted(SHIPPED_DIR.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        result[data["series"]["title"]] = data
    return result


def ensure_shipped_series(using: str = "default") -> None:
    """Give the shipped series their first layout and distribution where they lack them.

    The data migration normally does this; a series can also arrive first through the import of
    a past issue (with no layout), or the tables may have been emptied (a flushed test database).
    """
    with transaction.atomic(using=using):
        _ensure_shipped_series(using)


def _ensure_shipped_series(using: str) -> None:
    # The shipped series are the default center's (the hall the seeds describe); a child
    # center's series of the same title is its own (one_series_title_per_center).
    default = (
        Center.objects.using(using)
        .order_by("-is_default", "pk")
        .values_list("pk", flat=True)
        .first()
    )
    for title, data in shipped_definitions().items():
        meta = data["series"]
        series = (
            ReportSeries.objects.using(using)
            .filter(Q(center_id=default) | Q(center__isnull=True), title=title)
            .order_by("pk")
            .first()
        )
        if series is None:
            series = ReportSeries.objects.using(using).create(
                title=title, issuer=meta["issuer"], masthead=meta["masthead"], center_id=default
            )
        if not series.distribution_lines.exists():
            for line in meta["distribution"]:
                DistributionLine.objects.using(using).create(series=series, **line)
        _give_shipped_layout(series, data, using)


def _give_shipped_layout(series: ReportSeries, data: dict[str, Any], using: str) -> None:
    if not series.layouts.using(using).exists():
        definition = {"sections": data["sections"]}
        validate_definition(definition)
        ReportLayout.objects.using(using).create(
            series=series,
            version=1,
            definition=definition,
            note="系统内置",
            created_by="system",
        )


def ensure_shipped_layout(series: ReportSeries) -> None:
    """A series of another center first seen in an import of its past issue (a county's
    窗口工作周报): the shipped layout of its title, as the default center's series get it, so
    its next week can be drafted. Its distribution (报/送/发) is the center's own to set: the
    shipped one names the province's addressees."""
    data = shipped_definitions().get(series.title)
    if data is not None:
        _give_shipped_layout(series, data, "default")


def validate_definition(definition: Any) -> None:
    """Raise LayoutError naming the section and block that is wrong."""
    if not isinstance(definition, dict) or not isinstance(definition.get("sections"), list):
        raise LayoutError("版式定义须为对象，含 sections 列表")
    if not definition["sections"]:
        raise LayoutError("版式至少要有一个章节")
    if not isinstance(definition.get("with_children", False), bool):
        raise LayoutError("with_children（统计范围含下级中心）应为 true 或 false")
    for index, node in enumerate(definition["sections"], 1):
        _validate_section(node, f"第{index}节", 1)


def _validate_section(node: Any, where: str, depth: int) -> None:
    if depth > MAX_DEPTH:
        raise LayoutError(f"{where}：章节最多三级")
    if not isinstance(node, dict) or not str(node.get("heading", "")).strip():
        raise LayoutError(f"{where}：缺少标题 heading")
    if not isinstance(node.get("omit_when_empty", True), bool):
        raise LayoutError(f"{where}“{node['heading']}”：omit_when_empty 应为 true 或 false")
    for i, block in enumerate(node.get("blocks", []), 1):
        here = f"{where}“{node['heading']}”第{i}块"
        if not isinstance(block, dict) or block.get("type") not in BLOCK_TYPES:
            raise LayoutError(f"{here}：内容类型应为 {'/'.join(sorted(BLOCK_TYPES))}")
        for key in ("template", "item_template", "lead"):
            if key in block:
                try:
                    compile_wording(block[key])
                except WordingError as exc:
                    raise LayoutError(f"{here}：{exc}") from exc
        if block["type"] == "text" and "template" not in block:
            raise LayoutError(f"{here}：text 块须有 template")
        if block["type"] == "news" and not block.get("category"):
            raise LayoutError(f"{here}：news 块须指定 category")
        if block["type"] == "child_highlights" and not isinstance(block.get("paragraphs", 1), int):
            raise LayoutError(f"{here}：child_highlights 块的 paragraphs 应为整数")
        if block["type"] == "indicators" and (problem := block_problem(block)):
            raise LayoutError(f"{here}：{problem}")
        if block["type"] == "visits" and not ("template" in block or "item_template" in block):
            raise LayoutError(f"{here}：visits 块须有 template 或 item_template")
    for i, child in enumerate(node.get("children", []), 1):
        _validate_section(child, f"{where}第{i}小节", depth + 1)


@transaction.atomic
def save_new_version(
    series: ReportSeries, definition: dict[str, Any], *, note: str = "", user: Any = None
) -> ReportLayout:
    """Store an edited layout as the next version; earlier issues keep theirs."""
    validate_definition(definition)
    last = series.layouts.order_by("-version").first()
    return ReportLayout.objects.create(
        series=series,
        version=(last.version + 1) if last else 1,
        definition=definition,
        note=note,
        created_by=getattr(user, "username", "") or "",
    )
