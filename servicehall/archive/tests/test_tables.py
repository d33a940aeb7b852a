"""A table in an imported report (表格): its cells are facts on the document's quantity table,
in the index and in the import's facts, labelled by row and column."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from servicehall.archive.models import PastDocument, StatedFact
from servicehall.archive.services import store_report

if TYPE_CHECKING:
    from pathlib import Path

    from django.test import Client

    from servicehall.accounts.models import User
    from servicehall.org.models import Center

pytestmark = pytest.mark.django_db

TEXT = """城市管理类诉求情况
城市管理类诉求中，反映较多的是住房和施工扰民问题。
表1：本周城市管理类前三名诉求 | | | |
本周数据 | 上周数据 | 环比增长 | 详细分类 | |
住房 | 399 | 348 | 14.66% | 物业管理、房屋修缮 |
施工扰民 | 122 | 111 | 9.91% | 夜间施工扰民
"""


def test_a_table_in_a_report_is_read_row_by_column_everywhere(
    center: Center, clerk: User, client: Client, tmp_path: Path
) -> None:
    path = tmp_path / "周报.txt"
    path.write_text(TEXT, encoding="utf-8")
    stored = store_report(path)
    facts = [(f.label, f.value, f.unit) for f in stored.document.facts]
    assert facts == [
        ("住房本周数据", 399, ""),
        ("住房上周数据", 348, ""),
        ("住房环比增长", 14.66, "%"),
        ("施工扰民本周数据", 122, ""),
        ("施工扰民上周数据", 111, ""),
        ("施工扰民环比增长", 9.91, "%"),
    ]
    past = PastDocument.objects.get(pk=stored.object_id)
    assert StatedFact.objects.filter(document=past, label="施工扰民上周数据", value=111).exists()
    client.force_login(clerk)
    page = client.get(f"/archive/documents/{past.pk}/").content.decode()
    assert "住房环比增长" in page and "14.66" in page
