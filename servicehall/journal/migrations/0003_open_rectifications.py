"""Open the rectification (差评整改) of every bad rating recorded before there were any: with
the deadline it was given (else N working days after the rating), owned by its department's
liaison, closed on its ``followed_up_on`` date when it was followed up. Every figure read from
the ratings' follow-up fields stays the same: the rectification holds the same dates."""

from django.conf import settings
from django.db import migrations
from django.utils import timezone

BAD = 2  # 不满意 and below
BULK = 2000


def open_rectifications(apps, schema_editor):
    from servicehall.workcal.workdays import add_working_days

    evaluation_model = apps.get_model("journal", "ServiceEvaluation")
    rectification_model = apps.get_model("journal", "Rectification")
    step_model = apps.get_model("journal", "RectificationStep")
    user_model = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    owners: dict[int, int] = {}
    for department_id, pk in (
        user_model.objects.filter(role="liaison", is_active=True, department__isnull=False)
        .order_by("-pk")
        .values_list("department_id", "pk")
    ):
        owners[department_id] = pk
    bad = (
        evaluation_model.objects.filter(level__lte=BAD, rectification__isnull=True)
        .select_related("case")
        .order_by("pk")
    )
    rows, copies = [], []
    for evaluation in bad.iterator(chunk_size=BULK):
        day = timezone.localtime(evaluation.evaluated_at).date()
        due = evaluation.follow_up_due or add_working_days(
            day, settings.SERVICEHALL_BAD_REVIEW_FOLLOWUP_DAYS
        )
        closed = evaluation.followed_up_on
        rows.append(
            rectification_model(
                evaluation=evaluation,
                state="closed" if closed else "verify",
                opened_on=day,
                due=due,
                owner_id=owners.get(evaluation.case.department_id),
                closed_on=closed,
            )
        )
        if evaluation.follow_up_due != due:
            evaluation.follow_up_due = due
            copies.append(evaluation)
    rectification_model.objects.bulk_create(rows, batch_size=BULK)
    step_model.objects.bulk_create(
        [
            step_model(
                rectification=r,
                from_state="",
                to_state=r.state,
                note=r.evaluation.follow_up_note if r.closed_on else "差评登记，开启整改",
                at=r.evaluation.evaluated_at,
            )
            for r in rows
        ],
        batch_size=BULK,
    )
    evaluation_model.objects.bulk_update(copies, ["follow_up_due"], batch_size=BULK)


def close_nothing(apps, schema_editor):
    """Going back drops the tables (0002); the ratings' copies stay as they were written."""


class Migration(migrations.Migration):
    dependencies = [
        ("journal", "0002_rectification"),
        ("accounts", "0001_initial"),
        ("workcal", "0002_load_calendar"),
    ]

    operations = [migrations.RunPython(open_rectifications, close_nothing)]
