"""The menu is built from the entries each app registers (core names no page of a higher app)."""

from __future__ import annotations

import re
from pathlib import Path

from servicehall.core import hooks
from servicehall.core.roles import Role


def test_cores_menu_names_no_url_of_a_higher_app() -> None:
    core = Path(hooks.__file__).resolve().parent
    for source in (core / "hooks.py", core / "templatetags" / "hall.py"):
        named = re.findall(r"\"(?:liaison|cases|journal|org|catalog|reports|archive|workcal"
                           r"|history):[a-z_]+\"", source.read_text(encoding="utf-8"))  # fmt: skip
        assert named == [], f"{source.name} names {named}"


def test_every_app_registers_its_entries_in_the_menus_order() -> None:
    entries = hooks.menu_entries()
    assert [e.label for e in entries[:4]] == ["首页", "联络员工作台", "报送情况", "综窗登记"]
    assert [e.label for e in entries[-3:]] == ["往期检索", "工作日历", "变更记录"]
    by_target = {e.target: e for e in entries}
    assert by_target["history:list"].roles == frozenset({Role.ADMIN})
    assert by_target["archive:search"].roles is None
    assert by_target["network"].roles == frozenset({Role.ADMIN, Role.LEADER})
    assert by_target["federation:children"].roles == frozenset({Role.ADMIN, Role.LEADER})
    assert by_target["reports:submissions"].roles == frozenset({Role.ADMIN, Role.LEADER})
    assert len(entries) == 34
