from django.apps import AppConfig


class FederationConfig(AppConfig):
    """Halls that run their own copy (联网报送): a child center's signed bundles, pushed upward."""

    name = "servicehall.federation"
    verbose_name = "联网报送"

    def ready(self) -> None:
        from servicehall.core import hooks
        from servicehall.core.roles import Role

        hooks.register_menu_entry(
            248, "联网下级报送", "federation:children", {Role.ADMIN, Role.LEADER}
        )
