"""A real center's erratum (更正) imported as a busy hall would: out of order, twice, in other
formats, of another center's issue, quoting what the issue says twice or inside a longer
number, beside the system's own errata (session 9, errata review)."""

from __future__ import annotations

import copy
import datetime as dt
from typing import TYPE_CHECKING, Any

import pytest

from servicehall.archive.services import store_report
from servicehall.reports import corrections
from servicehall.reports.models import Issue
from servicehall.reports.trends import figure_trend
from servicehall.testing.seeds import SEED_2024_4

if TYPE_CHECKING:
    from pathlib import Path

    from django.test import Client

    from servicehall.accounts.models import User
    from servicehall.org.models import Center
    from servicehall.testing.tree import Tree

pytestmark = pytest.mark.django_db


def erratum(wrong: str, right: str, *, title: str = "关于《窗口工作周报》2024年第4期的更正") -> str:
    """A real center's erratum of 2024-4: its notice alone, quoting ``wrong`` and ``right``."""
    return (
        f"{title}\n\n本刊2024年第4期（总第475期）“省本级综窗办件情况”部分第1段中“{wrong}”"
        f"有误，应为“{right}”。特此更正，敬请谅解。\n\n省政务服务中心办公室\n2024年2月20日\n"
    )


CONSULT = erratum("今年以来，累计咨询5501人次", "今年以来，累计咨询4210人次")


def imported(tmp_path: Path, text: str, name: str = "更正.txt") -> Issue:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    stored = store_report(path)
    assert stored.kind == "issue", stored.document.warnings
    return Issue.objects.get(pk=stored.object_id)


def trend(key: str) -> list[tuple[str, object]]:
    return [(p["label"], p["value"]) for p in figure_trend(key, Issue.objects.all())]


def test_an_erratum_imported_before_its_original_links_when_imported_again(
    center: Center, tmp_path: Path
) -> None:
    path = tmp_path / "更正.txt"
    path.write_text(CONSULT, encoding="utf-8")
    first = store_report(path)
    assert not Issue.objects.filter(corrects__isnull=False).exists()
    original = Issue.objects.get(pk=store_report(SEED_2024_4).object_id)
    again = store_report(path)
    assert Issue.objects.get(pk=again.object_id).corrects == original, (first, again)
    assert trend("window.ytd.consult") == [("2024-4", 4210)]


def test_two_errata_of_one_issue_both_stand(center: Center, tmp_path: Path) -> None:
    store_report(SEED_2024_4)
    imported(tmp_path, CONSULT, "更正1.txt")
    imported(tmp_path, erratum("受理 631 件", "受理 613 件"), "更正2.txt")
    assert trend("window.ytd.consult") == [("2024-4", 4210)]
    assert trend("window.week.accept") == [("2024-4", 613)]


def test_the_same_erratum_as_a_docx_after_its_txt_adds_no_second_erratum(
    center: Center, tmp_path: Path
) -> None:
    import docx

    original = Issue.objects.get(pk=store_report(SEED_2024_4).object_id)
    first = imported(tmp_path, CONSULT)
    document = docx.Document()
    for line in CONSULT.split("\n"):
        if line:
            document.add_paragraph(line)
    document.save(str(tmp_path / "更正.docx"))
    second = Issue.objects.get(pk=store_report(tmp_path / "更正.docx").object_id)
    assert second.corrects == original
    assert list(Issue.objects.filter(corrects=original)) == [first]


def erratum_pdf(tmp_path: Path, text: str = CONSULT) -> Path:
    """``text`` as a center prints it to PDF: a plain DOCX LibreOffice converts."""
    import subprocess

    import docx

    document = docx.Document()
    for line in text.split("\n"):
        if line:
            document.add_paragraph(line)
    document.save(str(tmp_path / "更正.docx"))
    subprocess.run(
        [
            "soffice",
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(tmp_path / "更正.docx"),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return tmp_path / "更正.pdf"


def test_an_erratums_pdf_whose_passages_are_not_quoted_says_so(
    center: Center, tmp_path: Path
) -> None:
    store_report(SEED_2024_4)
    stored = store_report(erratum_pdf(tmp_path, CONSULT.replace("“", "").replace("”", "")))
    assert any("未读出所更正的原文" in w for w in stored.document.warnings)


def test_an_erratums_pdf_links_as_its_text_does(center: Center, tmp_path: Path) -> None:
    original = Issue.objects.get(pk=store_report(SEED_2024_4).object_id)
    linked = Issue.objects.get(pk=store_report(erratum_pdf(tmp_path)).object_id)
    assert linked.corrects == original
    assert trend("window.ytd.consult") == [("2024-4", 4210)]


def test_an_erratum_in_traditional_characters_links(center: Center, tmp_path: Path) -> None:
    original = Issue.objects.get(pk=store_report(SEED_2024_4).object_id)
    text = (
        "關於《窗口工作週報》2024年第4期的更正\n\n本刊2024年第4期“省本級綜窗辦件情況”部分第1段中"
        "“今年以來，累計諮詢5501人次”有誤，應為“今年以來，累計諮詢4210人次”。特此更正，敬請諒解。"
        "\n\n省政務服務中心辦公室\n2024年2月20日\n"
    )
    assert imported(tmp_path, text).corrects == original
    assert trend("window.ytd.consult") == [("2024-4", 4210)]


def test_a_quoted_number_inside_a_longer_one_is_not_corrected(
    center: Center, tmp_path: Path
) -> None:
    # “631件” is 本周受理 631 件; 颁发 11631 件 holds it too and is no print of it
    store_report(SEED_2024_4)
    imported(tmp_path, erratum("631件", "613件"))
    assert trend("window.week.accept") == [("2024-4", 613)]
    assert trend("window.ytd.issue") == [("2024-4", 11631)]


def test_a_passage_the_original_prints_twice_is_not_guessed(center: Center, tmp_path: Path) -> None:
    # 增加受理窗口 2 个、出件窗口 2 个: “窗口2个” is either
    store_report(SEED_2024_4)
    path = tmp_path / "更正.txt"
    path.write_text(erratum("窗口2个", "窗口3个"), encoding="utf-8")
    stored = store_report(path)
    assert not Issue.objects.filter(corrects__isnull=False).exists()
    assert any("多处" in w for w in stored.document.warnings), stored.document.warnings


def test_a_share_and_a_figure_in_wan_are_read_corrected(center: Center, tmp_path: Path) -> None:
    store_report(SEED_2024_4)
    imported(tmp_path, CONSULT.replace("累计咨询4210人次", "累计咨询0.42万人次"))
    assert trend("window.ytd.consult") == [("2024-4", 4200)]
    share = imported(tmp_path, erratum("占比67.48%", "占比68.48%"), "更正2.txt")
    assert "68.48%" in str(share.document) and "67.48%" not in str(share.document)


def test_every_other_figure_of_the_issue_stands_in_the_erratum(
    center: Center, tmp_path: Path
) -> None:
    original = Issue.objects.get(pk=store_report(SEED_2024_4).object_id)
    corrected = imported(tmp_path, CONSULT)
    expected = {**original.figures, "window.ytd.consult": 4210}
    assert corrected.figures == expected


def test_an_erratum_of_another_centers_issue_is_not_linked(tree: Tree, tmp_path: Path) -> None:
    # 2024-4 is the province's (the default center's); a county's editor imports an erratum of it
    store_report(SEED_2024_4)
    path = tmp_path / "更正.txt"
    path.write_text(CONSULT, encoding="utf-8")
    assert store_report(path, center=tree.centers["county_a1"]).kind == "document"
    assert not Issue.objects.filter(corrects__isnull=False).exists()
    assert trend("window.ytd.consult") == [("2024-4", 5501)]


def test_a_later_erratum_drafted_in_the_system_stands_over_an_imported_one(
    center: Center, center_admin: User, leader: User, tmp_path: Path
) -> None:
    from servicehall.reports.workflow import approve, publish, submit

    original = Issue.objects.get(pk=store_report(SEED_2024_4).object_id)
    imported(tmp_path, CONSULT)
    draft = corrections.start_erratum(original, center_admin, "今年以来咨询人次再次核对")
    assert draft.figures["window.ytd.consult"] == 4210  # drafted from the corrected text
    corrections.correct_figure(draft, "window.ytd.consult", "4200", center_admin)
    submit(draft, center_admin)
    approve(draft, leader, "同意更正")
    publish(draft, center_admin, issue_date=dt.date(2024, 3, 1), office_files=False)
    assert corrections.effective_figures(original)["window.ytd.consult"] == 4200
    assert trend("window.ytd.consult") == [("2024-4", 4200)]


def test_a_real_erratum_imported_after_the_systems_own_corrects_its_text(
    center: Center, center_admin: User, leader: User, tmp_path: Path
) -> None:
    from servicehall.reports.tests.test_corrections import publish_erratum

    original = Issue.objects.get(pk=store_report(SEED_2024_4).object_id)
    publish_erratum(original, center_admin, leader)  # 5501 → 4210, in the system
    imported(tmp_path, erratum("受理 631 件", "受理 613 件"))
    assert trend("window.ytd.consult") == [("2024-4", 4210)]
    assert trend("window.week.accept") == [("2024-4", 613)]


def test_an_erratum_quoting_the_number_alone_links(center: Center, tmp_path: Path) -> None:
    store_report(SEED_2024_4)
    text = CONSULT.replace(
        "中“今年以来，累计咨询5501人次”有误，应为“今年以来，累计咨询4210人次”",
        "中累计咨询人次“5501”应为“4210”",
    )
    assert imported(tmp_path, text).corrects is not None
    assert trend("window.ytd.consult") == [("2024-4", 4210)]


def test_an_erratum_whose_passages_are_not_read_says_so(center: Center, tmp_path: Path) -> None:
    # no quotation marks: the notice is read, what it corrects is not
    store_report(SEED_2024_4)
    path = tmp_path / "更正.txt"
    path.write_text(CONSULT.replace("“", "").replace("”", ""), encoding="utf-8")
    stored = store_report(path)
    assert not Issue.objects.filter(corrects__isnull=False).exists()
    assert any("未读出" in w and "更正" in w for w in stored.document.warnings), stored.document


def test_the_week_after_reads_the_corrected_year_to_date_and_compares_with_it(
    center: Center, tmp_path: Path
) -> None:
    from servicehall.reports import checks
    from servicehall.reports.comparison import figure_rows
    from servicehall.reports.drafting import find_series
    from servicehall.testing.factories import IssueFactory

    original = Issue.objects.get(pk=store_report(SEED_2024_4).object_id)
    following = IssueFactory(
        series=find_series("窗口工作周报"),
        period_start=dt.date(2024, 1, 29),
        period_end=dt.date(2024, 2, 2),
        figures={"window.ytd.consult": 4210},
    )
    # No records after 1月26日: the year to date must equal the last issue's (5501 as printed)
    assert [f for f in checks.check_year_to_date(following) if "咨询" in f.message]
    imported(tmp_path, CONSULT)
    assert [f for f in checks.check_year_to_date(following) if "咨询" in f.message] == []
    (row,) = [r for r in figure_rows(following, original) if r.key == "window.ytd.consult"]
    assert (row.before, row.after, row.change) == (4210, 4210, "0")


def test_the_archives_quantity_trend_and_the_issues_page_read_the_erratum(
    client: Client, center: Center, leader: User, tmp_path: Path
) -> None:
    from servicehall.archive import trends

    original = Issue.objects.get(pk=store_report(SEED_2024_4).object_id)
    corrected = imported(tmp_path, CONSULT)
    points = [
        (p.owner, sorted(int(v) for v in p.values)) for p in trends.fact_points("咨询", "人次")
    ]
    assert points == [(str(corrected), [1291, 4210])]
    client.force_login(leader)
    page = client.get(f"/reports/{original.pk}/").content.decode()
    assert 'id="superseded"' in page and f"/reports/{corrected.pk}/" in page


def test_a_real_erratum_of_a_drafted_issue_keeps_the_figures_its_text_does_not_print(
    center: Center, tmp_path: Path
) -> None:
    from servicehall.reports.drafting import find_series
    from servicehall.reports.tests.test_corrections import DRAFTED_2024_4
    from servicehall.testing.factories import IssueFactory

    document = copy.deepcopy(DRAFTED_2024_4)
    figures = {"window.ytd.consult": 5501, "window.week.accept": 631, "window.ytd.accept": 2475}
    original = IssueFactory(series=find_series("窗口工作周报"), document=document, figures=figures)
    Issue.objects.filter(pk=original.pk).update(
        status=Issue.Status.PUBLISHED,
        year=2024,
        number=4,
        serial=475,
        period_start=dt.date(2024, 1, 22),
        period_end=dt.date(2024, 1, 26),
    )
    corrected = imported(tmp_path, CONSULT)
    assert corrected.corrects_id == original.pk
    assert corrected.figures == {**figures, "window.ytd.consult": 4210}
    assert trend("window.week.accept") == [("2024-4", 631)]


def test_an_erratum_of_a_withdrawn_issue_is_not_linked(
    center: Center, center_admin: User, tmp_path: Path
) -> None:
    # as reports.corrections.start_erratum refuses one: a withdrawn issue counts nowhere
    original = Issue.objects.get(pk=store_report(SEED_2024_4).object_id)
    corrections.withdraw(original, center_admin, "导入文件有误")
    path = tmp_path / "更正.txt"
    path.write_text(CONSULT, encoding="utf-8")
    stored = store_report(path)
    assert not Issue.objects.filter(corrects__isnull=False).exists()
    assert any("已撤回" in w for w in stored.document.warnings), stored.document.warnings


def test_an_imported_erratum_keeps_its_source_file(center: Center, tmp_path: Path) -> None:
    store_report(SEED_2024_4)
    corrected = imported(tmp_path, CONSULT)
    (source,) = corrected.files.filter(format="source")
    assert bytes(source.content) == CONSULT.encode()


def test_a_draft_erratum_opened_before_an_import_is_refused_and_redrafted_from_the_standing_text(
    center: Center, center_admin: User, leader: User, tmp_path: Path
) -> None:
    # The secretariat's rule (session 10): publishing would put 5501 back, so it is refused,
    # naming the correction; nothing changes; re-drafting starts from the corrected text.
    from servicehall.reports.workflow import WorkflowError, approve, publish, submit

    original = Issue.objects.get(pk=store_report(SEED_2024_4).object_id)
    draft = corrections.start_erratum(original, center_admin, "本周受理件数录入有误")
    imported(tmp_path, CONSULT)
    corrections.correct_figure(draft, "window.week.accept", "641", center_admin)
    submit(draft, center_admin)
    approve(draft, leader, "同意更正")

    def before() -> list[Any]:
        return list(Issue.objects.values_list("pk", "status", "number", "figures").order_by("pk"))

    snapshot = before()
    with pytest.raises(WorkflowError, match=r"原文已于.*被《更正\.txt》更正.*请按现行文本重新起草"):
        publish(draft, center_admin, issue_date=dt.date(2024, 3, 1), office_files=False)
    assert before() == snapshot
    assert trend("window.week.accept") == [("2024-4", 631)]
    assert trend("window.ytd.consult") == [("2024-4", 4210)]
    again = corrections.start_erratum(original, center_admin, "本周受理件数录入有误")
    assert again.pk == draft.pk and again.status == Issue.Status.DRAFT
    assert again.figures["window.ytd.consult"] == 4210  # the standing text's
    assert again.figures["window.week.accept"] == 631  # the stale edit is not carried over
    assert "累计咨询4210人次" in str(again.document)
    assert corrections.stale_reason(again) == ""
    corrections.correct_figure(again, "window.week.accept", "641", center_admin)
    submit(again, center_admin)
    approve(again, leader, "同意更正")
    publish(again, center_admin, issue_date=dt.date(2024, 3, 1), office_files=False)
    assert trend("window.week.accept") == [("2024-4", 641)]
    assert trend("window.ytd.consult") == [("2024-4", 4210)]


@pytest.mark.parametrize(
    "text",
    [
        "更正\n\n我中心《窗口工作周报》2024年第4期（总第475期）“省本级综窗办件情况”部分第1段中"
        "“今年以来，累计咨询5501人次”有误，应为“今年以来，累计咨询4210人次”。特此更正，敬请谅解。"
        "\n\n省政务服务中心办公室\n2024年2月20日\n",
        "勘  误\n\n本刊《窗口工作周报》2024年第4期刊发的“省本级综窗办件情况”中，部分数据有误，"
        "现更正如下：\n\n“今年以来，累计咨询5501人次”更正为“今年以来，累计咨询4210人次”。"
        "\n\n特此更正。\n\n省政务服务中心办公室\n2024年2月20日\n",
    ],
    ids=["更正", "勘误"],
)
def test_an_erratum_titled_only_更正_naming_its_issue_in_the_body_links(
    center: Center, tmp_path: Path, text: str
) -> None:
    # session 10: the page's title names no issue; the body's first paragraph does
    original = Issue.objects.get(pk=store_report(SEED_2024_4).object_id)
    assert imported(tmp_path, text).corrects == original
    assert trend("window.ytd.consult") == [("2024-4", 4210)]
