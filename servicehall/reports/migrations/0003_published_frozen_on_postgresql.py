"""On PostgreSQL triggers freeze what is published: a published issue is never updated or
deleted, a stored file never changed or removed. The ORM refuses the same on every database
(``Issue.save``); ``servicehall verify-issues`` recomputes the checksums."""

from django.db import migrations

from servicehall.core.pgsql import on_postgresql

FORWARD = """
CREATE OR REPLACE FUNCTION servicehall_published_issue_frozen() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.status = 'published' THEN
        RAISE EXCEPTION 'servicehall: issue % is published and frozen (已发布的期次不可修改或删除)', OLD.id
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER reports_issue_published_frozen
    BEFORE UPDATE OR DELETE ON reports_issue
    FOR EACH ROW EXECUTE FUNCTION servicehall_published_issue_frozen();

CREATE OR REPLACE FUNCTION servicehall_issue_file_frozen() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'servicehall: file % of an issue is frozen (期次文件不可修改或删除)', OLD.id
        USING ERRCODE = 'integrity_constraint_violation';
END $$;
CREATE TRIGGER reports_issuefile_frozen
    BEFORE UPDATE OR DELETE ON reports_issuefile
    FOR EACH ROW EXECUTE FUNCTION servicehall_issue_file_frozen();
"""
BACKWARD = """
DROP TRIGGER IF EXISTS reports_issue_published_frozen ON reports_issue;
DROP FUNCTION IF EXISTS servicehall_published_issue_frozen();
DROP TRIGGER IF EXISTS reports_issuefile_frozen ON reports_issuefile;
DROP FUNCTION IF EXISTS servicehall_issue_file_frozen();
"""



class Migration(migrations.Migration):
    dependencies = [("reports", "0002_shipped_series")]
    operations = [on_postgresql(FORWARD, BACKWARD)]
