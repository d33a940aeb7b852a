"""The calendar's first contents: every year chinese-calendar knows, and the next one estimated."""

from django.db import migrations


def load(apps, schema_editor):
    from servicehall.workcal.services import seed

    seed(apps.get_model("workcal", "CalendarYear"), apps.get_model("workcal", "CalendarDay"))


def unload(apps, schema_editor):
    apps.get_model("workcal", "CalendarYear").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("workcal", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
