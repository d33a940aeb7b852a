from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "servicehall.accounts"
    verbose_name = "用户与角色"
