"""The shipped 序号后接数字 rule no longer finds its own fix ("1. 1月22日"): databases loaded
before take the pattern from 0012's list (the list's one definition), where it is unchanged."""

import importlib

from django.db import migrations

OLD_PATTERN = r"^(\d{1,2})\.(?=\s*\d)"


def update(apps, schema_editor):
    shipped = importlib.import_module(
        "servicehall.reports.migrations.0012_shipped_wording_rules"
    ).SHIPPED_RULES
    pattern = next(p for name, p, _, _ in shipped if name == "序号后接数字")
    WordingRule = apps.get_model("reports", "WordingRule")
    WordingRule.objects.filter(name="序号后接数字", shipped=True, pattern=OLD_PATTERN).update(
        pattern=pattern
    )


def restore(apps, schema_editor):
    WordingRule = apps.get_model("reports", "WordingRule")
    WordingRule.objects.filter(name="序号后接数字", shipped=True).update(pattern=OLD_PATTERN)


class Migration(migrations.Migration):
    dependencies = [("reports", "0016_series_per_center_and_submissions")]
    operations = [migrations.RunPython(update, restore)]
