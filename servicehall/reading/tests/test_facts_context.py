"""Facts whose label or scope the words around them give (issue 26, eighth round): one test
per rule, on sentences written for it."""

from __future__ import annotations

from servicehall.reading.facts import extract_facts


def said(text: str) -> list[tuple[str, object, str, str | None]]:
    return [(f.label, f.value, f.unit, f.scope) for f in extract_facts(text)]


def test_the_classes_listed_after_a_counted_whole_are_classes_of_what_it_counts() -> None:
    assert said("第三季度受理热线事项2000宗，其中：咨询类50宗、投诉类1800宗、求助类150宗。") == [
        ("受理热线事项", 2000, "宗", None),
        ("咨询类事项", 50, "宗", None),
        ("投诉类事项", 1800, "宗", None),
        ("求助类事项", 150, "宗", None),
    ]
    # a sentence that opens with the whole it is among ("本月来信中，")
    assert said("本月来信中，反映环境保护类12件，城市管理类30件，表扬感谢2件。") == [
        ("反映环境保护类来信", 12, "件", "本月来信"),
        ("城市管理类来信", 30, "件", "本月来信"),
        ("表扬感谢", 2, "件", "本月来信"),
    ]
    # what is not a class stays as it is said; the report's own bare whole adds nothing
    assert said("诉求中，咨询类、求助类分别为300件、120件。") == [
        ("咨询类", 300, "件", None),
        ("求助类", 120, "件", None),
    ]
