"""The two series and layouts that ship with the system (窗口工作周报, 政务服务工作)."""

import json
from pathlib import Path

from django.db import migrations

LAYOUT_DIR = Path(__file__).resolve().parent.parent / "layouts"


def create_shipped(apps, schema_editor):
    Series = apps.get_model("reports", "ReportSeries")
    Line = apps.get_model("reports", "DistributionLine")
    Layout = apps.get_model("reports", "ReportLayout")
    for path in sorted(LAYOUT_DIR.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        meta = data["series"]
        if Series.objects.filter(title=meta["title"]).exists():
            continue
        series = Series.objects.create(title=meta["title"], issuer=meta["issuer"], masthead=meta["masthead"])
        for line in meta["distribution"]:
            Line.objects.create(series=series, **line)
        Layout.objects.create(series=series, version=1, definition={"sections": data["sections"]}, note="系统内置", created_by="system")


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_initial")]
    operations = [migrations.RunPython(create_shipped, migrations.RunPython.noop)]
