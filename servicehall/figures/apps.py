from django.apps import AppConfig


class FiguresConfig(AppConfig):
    """The figures (统计口径): every number of the report, the dashboard and the stats API."""

    name = "servicehall.figures"
    verbose_name = "统计"

    def ready(self) -> None:
        from servicehall.core import hooks
        from servicehall.core.roles import Role
        from servicehall.figures import indicator_rollups

        # The indicators' monthly rollups follow every write of a case or a rating.
        indicator_rollups.connect()

        # Its entries of the menu (core builds the menu from what each app registers).
        hooks.register_menu_entry(10, "首页", "home")
        hooks.register_menu_entry(
            90, "办件进度", "case_flow", {Role.ADMIN, Role.LEADER, Role.LIAISON}
        )
        hooks.register_menu_entry(
            240, "月度排名", "monthly_ranking", {Role.ADMIN, Role.LEADER, Role.LIAISON}
        )
        hooks.register_menu_entry(245, "下级中心统计", "network", {Role.ADMIN, Role.LEADER})
        hooks.register_menu_entry(246, "考核指标", "indicators", {Role.ADMIN, Role.LEADER})
        hooks.register_menu_entry(247, "考核目标值", "indicator_target_list", {Role.ADMIN})
