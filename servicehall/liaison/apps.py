from django.apps import AppConfig


class LiaisonConfig(AppConfig):
    name = "servicehall.liaison"
    verbose_name = "部门联络员工作台"
