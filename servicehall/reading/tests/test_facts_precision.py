"""The seventh round (issue 26): what the reader must not invent, and scopes and labels it
keeps; one test per rule, on sentences written for it."""

from __future__ import annotations

from servicehall.reading.facts import extract_facts


def said(text: str) -> list[tuple[str, object, str, str | None]]:
    return [(f.label, f.value, f.unit, f.scope) for f in extract_facts(text)]


def test_round_the_clock_service_is_a_name_not_a_figure() -> None:
    assert said("便民热线24小时接听群众来电，本季度共接听来电5120个。") == [
        ("接听来电", 5120, "个", None)
    ]
    assert said("中心提供24小时法律咨询，全年提供咨询860次。") == [("提供咨询", 860, "次", None)]
    # a time limit stays a figure
    assert [(f[1], f[2]) for f in said("紧急诉求须在24小时内办结。")] == [(24, "小时")]
