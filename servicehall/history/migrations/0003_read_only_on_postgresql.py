"""On PostgreSQL a trigger refuses to change or delete a change record, whatever the client.

Only the account link may change (``user`` is SET_NULL when an account is deleted). SQLite has
no session roles to tell a flush from an attack, so there the ORM's refusal stands alone.
"""

from django.db import migrations

from servicehall.core.pgsql import on_postgresql

FORWARD = """
CREATE OR REPLACE FUNCTION servicehall_history_read_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'servicehall: change records are never deleted (变更记录不可删除)'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF (NEW."time", NEW.username, NEW.source, NEW.request_id, NEW.action, NEW.app_label,
        NEW.model_name, NEW.object_id, NEW.object_repr, NEW."before", NEW."after", NEW.reason)
       IS DISTINCT FROM
       (OLD."time", OLD.username, OLD.source, OLD.request_id, OLD.action, OLD.app_label,
        OLD.model_name, OLD.object_id, OLD.object_repr, OLD."before", OLD."after", OLD.reason)
    THEN
        RAISE EXCEPTION 'servicehall: change records are never changed (变更记录不可修改)'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER history_changerecord_read_only
    BEFORE UPDATE OR DELETE ON history_changerecord
    FOR EACH ROW EXECUTE FUNCTION servicehall_history_read_only();
"""
BACKWARD = """
DROP TRIGGER IF EXISTS history_changerecord_read_only ON history_changerecord;
DROP FUNCTION IF EXISTS servicehall_history_read_only();
"""



class Migration(migrations.Migration):
    dependencies = [("history", "0002_change_reason")]
    operations = [on_postgresql(FORWARD, BACKWARD)]
