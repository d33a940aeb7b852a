"""勘误 and 撤回: an erratum issue links to the issue it corrects; a withdrawal is its own
record, so the published issue's row is never updated. On PostgreSQL a trigger freezes the
withdrawal records as 0003 freezes the published issues."""

import django.db.models.deletion
from django.db import migrations, models

from servicehall.core.pgsql import on_postgresql

FORWARD = """
CREATE OR REPLACE FUNCTION servicehall_issue_withdrawal_frozen() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'servicehall: withdrawal % is frozen (撤回记录不可修改或删除)', OLD.id
        USING ERRCODE = 'integrity_constraint_violation';
END $$;
CREATE TRIGGER reports_issuewithdrawal_frozen
    BEFORE UPDATE OR DELETE ON reports_issuewithdrawal
    FOR EACH ROW EXECUTE FUNCTION servicehall_issue_withdrawal_frozen();
"""
BACKWARD = """
DROP TRIGGER IF EXISTS reports_issuewithdrawal_frozen ON reports_issuewithdrawal;
DROP FUNCTION IF EXISTS servicehall_issue_withdrawal_frozen();
"""


class Migration(migrations.Migration):

    dependencies = [
        ('reports', '0005_file_masthead'),
    ]

    operations = [
        migrations.AddField(
            model_name='issue',
            name='correction_reason',
            field=models.TextField(blank=True, verbose_name='勘误理由'),
        ),
        migrations.AddField(
            model_name='issue',
            name='corrects',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='errata', to='reports.issue', verbose_name='勘误的期次'),
        ),
        migrations.CreateModel(
            name='IssueWithdrawal',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('reason', models.TextField(verbose_name='撤回理由')),
                ('username', models.CharField(blank=True, max_length=150, verbose_name='撤回人账号')),
                ('at', models.DateTimeField(auto_now_add=True, verbose_name='撤回时间')),
                ('issue', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='withdrawal', to='reports.issue', verbose_name='期次')),
            ],
            options={
                'verbose_name': '撤回记录',
                'verbose_name_plural': '撤回记录',
                'ordering': ['-at'],
            },
        ),
        on_postgresql(FORWARD, BACKWARD),
    ]
