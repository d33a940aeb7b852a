"""Taking an import back (撤销导入批次): a center admin removes the events one file added, with a
reason; the rollups lose exactly those events, the cases the file created go, the cases it moved
on return to what the rest of the log says, and the batch stays, marked, in the history."""

from __future__ import annotations

from django.db import connection, transaction
from django.db.models.expressions import RawSQL
from django.utils import timezone

from servicehall.cases.models import Case, CaseEvent, ImportBatch
from servicehall.cases.rollups import cases_written, take_away
from servicehall.core.bulk import table
from servicehall.core.context import because

TAKEN = "servicehall_rollback_counts"
TOUCHED = "servicehall_rollback_cases"


class RollbackRefused(ValueError):
    """The batch cannot be taken back (said to the admin)."""


@transaction.atomic
def roll_back(batch: ImportBatch, *, user: str, reason: str) -> int:
    """Remove the events ``batch`` added; returns how many. The change history records the
    batch's new state with ``reason``."""
    reason = reason.strip()
    if not reason:
        raise RollbackRefused("请写明撤销原因")
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.kind != "events":
        raise RollbackRefused("只有办件事件的导入批次可以撤销")
    if batch.rolled_back_at is not None:
        raise RollbackRefused(
            f"该批次已于 {timezone.localtime(batch.rolled_back_at):%Y-%m-%d %H:%M} 撤销"
        )
    log, case = table(CaseEvent), table(Case)
    with connection.cursor() as cursor:
        for scratch in (TAKEN, TOUCHED):
            cursor.execute(f"DROP TABLE IF EXISTS {scratch}")
        cursor.execute(
            f"CREATE TEMPORARY TABLE {TAKEN} AS SELECT occurred_on AS day, kind, department_id, "
            f"COUNT(*) AS n FROM {log} WHERE batch_id = %s "
            "GROUP BY occurred_on, kind, department_id",
            [batch.pk],
        )
        cursor.execute(
            f"CREATE TEMPORARY TABLE {TOUCHED} AS SELECT DISTINCT case_no FROM {log} "
            "WHERE batch_id = %s AND case_no <> ''",
            [batch.pk],
        )
        # What the indicators' rollups keep of these cases, counted before and after.
        touched = Case.objects.filter(case_no__in=RawSQL(f"SELECT case_no FROM {TOUCHED}", ()))
        with cases_written(touched):
            cursor.execute(f"DELETE FROM {log} WHERE batch_id = %s", [batch.pk])
            removed = int(cursor.rowcount)
            take_away(TAKEN)
            # The cases the file created have no event left: they go with it.
            cursor.execute(
                f"DELETE FROM {case} WHERE case_no IN (SELECT case_no FROM {TOUCHED}) "
                f"AND NOT EXISTS (SELECT 1 FROM {log} e WHERE e.case_no = {case}.case_no)"
            )
            # The others return to what the rest of the log says of their 受理 and 办结.
            for column, kind in (("accepted_at", "accept"), ("completed_at", "complete")):
                cursor.execute(
                    f"UPDATE {case} SET {column} = (SELECT MIN(e.occurred_at) FROM {log} e "
                    f"WHERE e.case_no = {case}.case_no AND e.kind = %s) "
                    f"WHERE case_no IN (SELECT case_no FROM {TOUCHED}) AND {column} IS NOT NULL "
                    f"AND NOT EXISTS (SELECT 1 FROM {log} e WHERE e.case_no = {case}.case_no "
                    f"AND e.kind = %s AND e.occurred_at <= {case}.{column})",
                    [kind, kind],
                )
        for scratch in (TAKEN, TOUCHED):
            cursor.execute(f"DROP TABLE {scratch}")
    batch.rolled_back_at = timezone.now()
    batch.rolled_back_by = user
    batch.rollback_reason = reason
    with because(reason):
        batch.save(update_fields=["rolled_back_at", "rolled_back_by", "rollback_reason"])
    return removed
