"""An issue's log names its steps by ``IssueAction.Kind`` (a value with a Chinese label) instead
of free text: the rows written before keep their step, read from the label they were logged by
(提交审核, 发布, …) or the one English word they had (draft)."""

from django.db import migrations, models

# The free texts logged before, as they were written; "更正数据" was both an editor's override
# and an erratum's figure correction, told apart by the issue being an erratum.
LABELS = {
    "draft": "draft",
    "重新生成": "redraft",
    "合并新草稿": "merge-redraft",
    "放弃新草稿": "discard-redraft",
    "修改段落": "edit",
    "提交审核": "submit",
    "审核通过": "approve",
    "退回修改": "send-back",
    "发布": "publish",
    "更正数据": "override",
    "确认数字不符": "acknowledge",
    "采用原文数字": "accept-stated",
    "发起勘误": "erratum",
    "撤回": "withdraw",
}


def to_kinds(apps, schema_editor):
    IssueAction = apps.get_model("reports", "IssueAction")
    for text, value in LABELS.items():
        if text != value:
            IssueAction.objects.filter(action=text).update(action=value)
    IssueAction.objects.filter(action="override", issue__corrects__isnull=False).update(
        action="erratum-figure"
    )


def to_labels(apps, schema_editor):
    IssueAction = apps.get_model("reports", "IssueAction")
    IssueAction.objects.filter(action="erratum-figure").update(action="更正数据")
    for text, value in LABELS.items():
        if text != value:
            IssueAction.objects.filter(action=value).update(action=text)


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0009_unpublished_source_may_go"),
    ]

    operations = [
        migrations.RunPython(to_kinds, to_labels),
        migrations.AlterField(
            model_name="issueaction",
            name="action",
            field=models.CharField(
                choices=[
                    ("draft", "生成草稿"),
                    ("redraft", "重新生成"),
                    ("merge-redraft", "合并新草稿"),
                    ("discard-redraft", "放弃新草稿"),
                    ("edit", "修改段落"),
                    ("submit", "提交审核"),
                    ("approve", "审核通过"),
                    ("send-back", "退回修改"),
                    ("publish", "发布"),
                    ("override", "更正数据"),
                    ("acknowledge", "确认数字不符"),
                    ("accept-stated", "采用原文数字"),
                    ("erratum", "发起勘误"),
                    ("erratum-figure", "勘误更正数据"),
                    ("withdraw", "撤回"),
                ],
                max_length=20,
                verbose_name="操作",
            ),
        ),
    ]
