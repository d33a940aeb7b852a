"""On PostgreSQL the file trigger lets the source file of an issue that was never published go
with it (a disputed import withdrawn, reports/disputes.py); a published issue's files stay
frozen, as the ORM has it."""

from django.db import migrations

from servicehall.core.pgsql import on_postgresql

FORWARD = """
CREATE OR REPLACE FUNCTION servicehall_issue_file_frozen() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' AND NOT EXISTS (
        SELECT 1 FROM reports_issue i WHERE i.id = OLD.issue_id AND i.status = 'published'
    ) THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'servicehall: file % of an issue is frozen (期次文件不可修改或删除)', OLD.id
        USING ERRCODE = 'integrity_constraint_violation';
END $$;
"""
BACKWARD = """
CREATE OR REPLACE FUNCTION servicehall_issue_file_frozen() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'servicehall: file % of an issue is frozen (期次文件不可修改或删除)', OLD.id
        USING ERRCODE = 'integrity_constraint_violation';
END $$;
"""


class Migration(migrations.Migration):
    dependencies = [("reports", "0008_checks_disputed")]
    operations = [on_postgresql(FORWARD, BACKWARD)]
