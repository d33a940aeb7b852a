"""The importer never crashes: random text, truncated seeds, line breaks anywhere."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from servicehall.archive import extract_facts, read_report
from servicehall.gbt9704.document import Document
from servicehall.testing.examples import examples
from servicehall.testing.seeds import SEED_2023_9, SEED_2024_4

SEEDS = [path.read_text(encoding="utf-8") for path in (SEED_2024_4, SEED_2023_9)]
# Characters the parser reacts to, so random text hits its rules often.
ALPHABET = st.sampled_from(
    [
        *"一二三四五六十、（）()。，；：:.．\n —-0123456789年月日第期总共印份报送发件次人个%万亿元*",
        *["\x00", "\ufffd", "\u200b", "\u3000", "\r", "\t", "A", "中", "心", "局"],
    ]
)
FUZZ = settings(
    max_examples=examples(150), deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


def assert_sound(doc: Document) -> None:
    json.dumps(doc.to_parsed(), ensure_ascii=False)
    assert not any(w.startswith("解析出错") for w in doc.warnings), doc.warnings


@FUZZ
@given(st.text(alphabet=ALPHABET, max_size=400))
def test_random_report_like_text_parses_without_error(text: str) -> None:
    assert_sound(read_report(text))


@FUZZ
@given(st.text(max_size=300))
def test_any_unicode_text_parses_without_error(text: str) -> None:
    assert_sound(read_report(text))
    extract_facts(text)


@FUZZ
@given(st.sampled_from(SEEDS), st.data())
def test_truncated_seeds_parse_without_error(seed: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(seed)))
    end = data.draw(st.integers(start, len(seed)))
    assert_sound(read_report(seed[start:end]))


@FUZZ
@given(st.sampled_from(SEEDS), st.lists(st.integers(0, 6000), max_size=25))
def test_seeds_with_line_breaks_inserted_anywhere_parse_without_error(
    seed: str, cuts: list[int]
) -> None:
    positions = sorted({cut % (len(seed) + 1) for cut in cuts}, reverse=True)
    text = seed
    for position in positions:
        text = text[:position] + "\n" + text[position:]
    doc = read_report(text)
    assert_sound(doc)
    if all(position > 40 for position in positions):  # the issue-number line left whole
        assert doc.number in (4, 9)


def test_bytes_garbage_decoded_as_text_parses_without_error() -> None:
    noise = bytes(range(256)).decode("latin-1") * 3
    doc = read_report(noise)
    assert_sound(doc)
    assert any("乱码" in w for w in doc.warnings)


def test_empty_text_gives_an_empty_document_that_says_so() -> None:
    doc = read_report("")
    assert doc.to_parsed()["sections"] == [] and doc.warnings == ["文本为空，没有可导入的内容"]
