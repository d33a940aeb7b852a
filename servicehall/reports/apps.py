from typing import Any

from django.apps import AppConfig
from django.core import checks
from django.db.models.signals import post_migrate


def _ship_series(using: str = "default", **kwargs: Any) -> None:
    # After every migrate (and every flush, which Django follows with post_migrate), the shipped
    # series have their layouts: pages never need to create them on a GET.
    from servicehall.reports.layouts import ensure_shipped_series

    ensure_shipped_series(using=using)


def _faces_check(app_configs: Any = None, **kwargs: Any) -> list[Any]:
    """``make run`` (migrate) and ``servicehall check`` say when a face of the PDF is missing,
    and which face prints each element: the official one where it is installed, else its
    free stand-in (reports.I001)."""
    from django.core.checks import Error, Info

    from servicehall.gbt9704.pdf import ELEMENT_FACES, face_in_use, missing_faces

    if problems := missing_faces():
        return [Error(problem, id="reports.E001") for problem in problems]
    used = []
    for element, name in ELEMENT_FACES:
        family, official = face_in_use(name)
        used.append(
            f"{element}：{name}（本机已安装，直接使用）"
            if official
            else f"{element}：{name} → {family}（免费替代字体）"
        )
    return [Info("PDF 字体：" + "；".join(used), id="reports.I001")]


class ReportsConfig(AppConfig):
    name = "servicehall.reports"
    verbose_name = "周报"

    def ready(self) -> None:
        from servicehall.core import hooks, office
        from servicehall.core.roles import Role
        from servicehall.gbt9704.pdf import docx_to_pdf
        from servicehall.reports import jobs, ledger, waiting  # noqa: F401 (jobs: its handler)

        # Its entries of the menu (core builds the menu from what each app registers).
        hooks.register_menu_entry(250, "周报", "/reports/")
        hooks.register_menu_entry(260, "待审核", "reports:waiting", {Role.ADMIN, Role.LEADER})
        hooks.register_menu_entry(265, "下级报送", "reports:submissions", {Role.ADMIN, Role.LEADER})

        # The window's slips (cases) and any other app print PDF through the same LibreOffice.
        office.register_docx_to_pdf(docx_to_pdf)
        # What waits for a leader or the center admin, on the home page and in the menu.
        hooks.register_home_panel("reports.waiting", waiting.home_panel)
        hooks.register_menu_count("reports:waiting", waiting.waiting_count)
        post_migrate.connect(_ship_series, sender=self, dispatch_uid="reports.ship_series")
        checks.register(_faces_check, "fonts")
        # Every publication, erratum, frozen file and withdrawal enters the archive's ledger.
        ledger.connect()
