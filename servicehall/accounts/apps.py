from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "servicehall.accounts"
    verbose_name = "用户与角色"

    def ready(self) -> None:
        from servicehall.accounts import grants

        # Leader and admin roles: granted by a superuser only, and recorded.
        grants.connect()
