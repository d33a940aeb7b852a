"""The fact reader against the gold set (标准集): precision and recall ≥ 0.95 in every format.

The texts and what a reader takes from them are in ``servicehall/archive/gold``; their .docx
and .pdf renderings are committed files, read the way an importer reads an upload.
"""

from __future__ import annotations

import json

import pytest

from servicehall.archive.gold import FORMATS, SETS, load, score

THRESHOLD = 0.95


def test_the_gold_set_has_at_least_25_reports_of_every_kind_each_in_three_formats() -> None:
    reports = load()
    assert len(reports) >= 25
    kinds = {report.kind for report in reports}
    assert {"月报", "数据发布", "会议新闻", "县区简讯"} <= kinds
    assert sum(len(report.facts) for report in reports) >= 300
    for report in reports:
        for fmt in FORMATS:
            assert report.path(fmt).is_file(), f"{report.path(fmt)} is missing: run the renderer"


@pytest.mark.parametrize("fmt", FORMATS)
def test_facts_read_from_every_format_agree_with_the_gold_set(
    fmt: str, capsys: pytest.CaptureFixture[str]
) -> None:
    result = score(fmt)
    with capsys.disabled():
        print(f"\ngold set {result.line()}")
    misses = "\n".join(result.misses)
    assert result.precision >= THRESHOLD, misses
    assert result.recall >= THRESHOLD, misses
    assert result.metadata_accuracy >= THRESHOLD, misses
    assert result.rankings_right == result.rankings_total, misses


# --- the real reports (real/train, real/test) ------------------------------------------------

# What `python -m servicehall.archive.gold` measured: precision, recall and metadata per set
# and format, rounded down. A floor against a regression, not a target. All three sets were
# scored and read by 2026-12-07 (real/README.md, gold/README.md "Third round"): the floors are
# those measured after the third round, tuned on train, test and heldout alike, with the
# scorer of that round (its changes measured apart in gold/README.md).
REAL_FLOORS: dict[tuple[str, str], tuple[float, float, float]] = {
    # Seventh round (precision first; fresh3 and fresh4 held out as its validation, gold/README.md
    # "Seventh round"): every set the round moved raised to what was measured after it.
    # Ninth round, second half (facts): precision 0.893 → 0.892, the listed-unit rule reads
    # 31's "不受理业务586笔,补正材料0,不予受理40笔" as 补正材料 0笔, which the hand labels leave out
    # (506/567, one more matched and one more found than 505/565).
    ("real train", "txt"): (0.892, 0.859, 0.951),
    ("real train", "docx"): (0.892, 0.859, 0.951),
    ("real train", "pdf"): (0.892, 0.859, 0.951),
    ("real test", "txt"): (0.944, 0.849, 0.926),
    ("real test", "docx"): (0.944, 0.849, 0.926),
    ("real test", "pdf"): (0.944, 0.849, 0.926),
    ("real heldout", "txt"): (0.759, 0.748, 0.896),
    ("real heldout", "docx"): (0.759, 0.748, 0.896),
    ("real heldout", "pdf"): (0.759, 0.748, 0.896),
    # real/fresh: labelled blind the same day, scored once after the third round was committed
    # (the reader of a582d29 and its scorer: 0.419 / 0.405, metadata 19/40, on the same files).
    # Fourth round: 0.512 / 0.534; fifth round (kinds across every set, gold/README.md): 0.717
    # / 0.748; sixth round: as measured after it.
    ("real fresh", "txt"): (0.81, 0.784, 0.9),
    ("real fresh", "docx"): (0.81, 0.784, 0.9),
    ("real fresh", "pdf"): (0.75, 0.737, 0.9),
    # real/fresh2: labelled blind, scored once after the fourth round was committed (the reader
    # of a582d29 on the same files: 0.464 / 0.405, metadata 20/44; ec6289d: 0.486 / 0.424,
    # 19/41). Fifth round: 0.662 / 0.582; sixth round: as measured after it.
    ("real fresh2", "txt"): (0.712, 0.626, 0.902),
    ("real fresh2", "docx"): (0.712, 0.626, 0.902),
    ("real fresh2", "pdf"): (0.712, 0.626, 0.902),
    # real/fresh3: labelled blind (fourth labelling round), scored by the lead before the fifth
    # round (ec6289d: 0.616 / 0.604, metadata 18/38) and once after it, as here (real/fresh3/
    # README.md); its three mailbox tables are 386 of its 563 facts. Sixth round (kinds across
    # every read set, gold/README.md "Sixth round"): as measured after it.
    # Tables (sixth round, second part): a table's caption is its cells' scope: 0.823 / 0.817.
    # Ninth round (metadata): the headline's bracketed date reverted, one publisher's (97): 30/37.
    ("real fresh3", "txt"): (0.875, 0.865, 0.81),
    ("real fresh3", "docx"): (0.875, 0.865, 0.81),
    ("real fresh3", "pdf"): (0.875, 0.865, 0.783),
    # real/fresh4: labelled blind, scored by the lead before and after the sixth round (txt
    # 0.497 / 0.453 → 0.495 / 0.450, metadata 29/53 → 30/53), then read for the tables part
    # (gold/README.md "Tables (sixth round, second part)"): as measured after it.
    ("real fresh4", "txt"): (0.708, 0.727, 0.792),
    ("real fresh4", "docx"): (0.708, 0.727, 0.792),
    ("real fresh4", "pdf"): (0.706, 0.727, 0.754),
    # real/fresh5 and real/fresh6: labelled blind (sixth and seventh labelling rounds, 22 and 24
    # reports), scored by the lead before the seventh round (65912a6: fresh5 txt 0.623 / 0.634,
    # metadata 34/71; fresh6 0.628 / 0.615, 29/64) and once after it, as here (gold/README.md
    # "Seventh round, measured on two blind sets").
    ("real fresh5", "txt"): (0.714, 0.721, 0.814),
    ("real fresh5", "docx"): (0.714, 0.721, 0.814),
    ("real fresh5", "pdf"): (0.714, 0.721, 0.728),
    ("real fresh6", "txt"): (0.735, 0.713, 0.803),
    ("real fresh6", "docx"): (0.738, 0.717, 0.803),
    ("real fresh6", "pdf"): (0.738, 0.717, 0.746),
    # real/fresh7 (21 hotline reports other than 12345's, 518 facts) and real/fresh8 (24 centre,
    # hall and 好差评 reports, 230 facts): labelled blind (eighth labelling round), scored by the
    # lead before the eighth round (cacf152: fresh7 txt 0.526 / 0.571, metadata 32/63; fresh8
    # 0.502 / 0.474, 38/73) and once after it, as here (gold/README.md "Eighth round, measured on
    # two blind sets"). Ninth round (their texts read as dev for the first time): as measured
    # after it, as is every set above.
    ("real fresh7", "txt"): (0.564, 0.6, 0.687),
    ("real fresh7", "docx"): (0.564, 0.6, 0.687),
    ("real fresh7", "pdf"): (0.531, 0.552, 0.692),
    ("real fresh8", "txt"): (0.56, 0.526, 0.753),
    ("real fresh8", "docx"): (0.56, 0.526, 0.753),
    ("real fresh8", "pdf"): (0.562, 0.526, 0.648),
    # real/fresh9, fresh10 and fresh11: labelled blind this session (ninth round), scored by the
    # lead before the round and after it (gold/README.md "Ninth round, measured on two blind
    # sets" and "…second half, measured on a third blind set"): as measured after it.
    ("real fresh9", "txt"): (0.636, 0.639, 0.643),
    ("real fresh9", "docx"): (0.636, 0.639, 0.657),
    ("real fresh9", "pdf"): (0.637, 0.647, 0.575),
    ("real fresh10", "txt"): (0.622, 0.599, 0.659),
    ("real fresh10", "docx"): (0.622, 0.599, 0.659),
    ("real fresh10", "pdf"): (0.622, 0.599, 0.591),
    ("real fresh11", "txt"): (0.408, 0.423, 0.491),
    ("real fresh11", "docx"): (0.408, 0.423, 0.491),
    ("real fresh11", "pdf"): (0.429, 0.423, 0.416),
    # real/fresh12 (22 reports, 254 facts: hotlines, city-management lines, centres and halls):
    # labelled blind this session (tenth round), scored by the lead on main before the round and
    # once after it (gold/README.md "Tenth round, measured on a blind set"): the same both times.
    ("real fresh12", "txt"): (0.606, 0.539, 0.54),
    ("real fresh12", "docx"): (0.606, 0.539, 0.54),
    ("real fresh12", "pdf"): (0.609, 0.559, 0.486),
}
# Tenth round (metadata, session 10, gold/README.md "Tenth round: metadata (session 10)"): the
# metadata floors of fresh6 and fresh7 (dev) and fresh10 and fresh11 (its validation, scored in
# aggregate) raised to what was measured after it: a year or month dating an office's history or
# a plan is no longer read as the period, so four invented fields fewer are counted.
# Seventh round (metadata, gold/README.md "Seventh round: metadata"): the metadata floors of
# test, heldout .pdf, fresh and fresh2 raised to what was measured after it.
# Eighth round (metadata, gold/README.md "Eighth round: metadata"): the metadata floors of
# heldout .pdf, fresh, fresh3, fresh4, fresh5 and fresh6 raised to what was measured after it.
# Eighth round (facts, gold/README.md "Eighth round: facts"; fresh5 and fresh6 held out as its
# validation): the facts floors of train, test, fresh, fresh3, fresh4, fresh5 and fresh6 are
# what was measured after it; heldout and fresh2 did not move; metadata unchanged.


def test_the_real_sets_hold_at_least_30_published_reports_with_their_sources() -> None:
    train, test = load(SETS["real train"]), load(SETS["real test"])
    assert len(train) + len(test) >= 30 and len(test) >= 10
    assert not {r.name for r in train} & {r.name for r in test}
    for report in train + test:
        data = json.loads((report.directory / f"{report.name}.json").read_text(encoding="utf-8"))
        assert data["source"].startswith("http") and data["retrieved"]
        assert isinstance(data["partial"], bool)
        for fmt in FORMATS:
            assert report.path(fmt).is_file(), f"{report.path(fmt)} is missing: run the renderer"


@pytest.mark.parametrize("name, fmt", list(REAL_FLOORS))
def test_real_reports_read_at_least_as_well_as_when_measured(
    name: str, fmt: str, capsys: pytest.CaptureFixture[str]
) -> None:
    result = score(fmt, load(SETS[name]))
    with capsys.disabled():
        print(f"\n{name} {result.line()}")
    precision, recall, metadata = REAL_FLOORS[(name, fmt)]
    misses = "\n".join(result.misses)
    assert result.precision >= precision, misses
    assert result.recall >= recall, misses
    assert result.metadata_accuracy >= metadata, misses
