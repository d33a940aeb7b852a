"""The shipped list of what secretariats correct (审稿措辞规则): the list's one definition."""

from django.db import migrations

# (name, pattern, replacement, message)
_CJK = r"[\u4e00-\u9fff“”‘’（）《》、，。；：]"
SHIPPED_RULES: list[tuple[str, str, str, str]] = [
    (
        "截止→截至",
        r"截止(?=\s*(?:\d|[〇一二三四五六七八九十]|目前|今|本|上|当|年底|月底|发稿))",
        "截至",
        "“截至”表示到某时为止（截至目前、截至12月31日）；“截止”指到期停止，后面不接时间",
    ),
    ("其它→其他", r"其它", "其他", "泛指人和事物一律用“其他”（《现代汉语词典》）"),
    (
        "的→地（状语）",
        r"(认真|积极|切实|不断|逐步|全面|深入|扎实|稳步|有效|大力|主动|及时|持续|统筹|有序)的"
        r"(?=[推落抓做开加提完强实建促贯抓加优规整提做])",
        r"\1地",
        "修饰动词的状语用“地”（如“扎实地推进”）",
    ),
    (
        "的→得（补语）",
        r"(做|干|办|抓|落实|推进|开展)的(?=(?:好|实|细|到位|扎实|有力|有效)[，。、；])",
        r"\1得",
        "动词后的补语用“得”（如“落实得好”）",
    ),
    (
        "范围用一字线",
        r"(\d{1,2}(?:月\d{1,2}日|日|月)?)\s*[-－~～]\s*(\d{1,2}(?:月\d{1,2})?(?:日|月))",
        r"\1—\2",
        "表示起止的连接号用一字线“—”（GB/T 15834—2011 4.13），不用半字线“-”或“~”",
    ),
    (
        "序号后接数字",
        # No space between: the fix ("1. 1月22日") must not be found again.
        r"^(\d{1,2})\.(?=\d)",
        r"\1. ",
        "序号“1.”后紧接数字（如“1.1月22日”）读作“1.1”：序号与数字隔开，或改写句首",
    ),
    ("半角逗号", rf"(?<={_CJK}),|,(?={_CJK})", "，", "中文之间用全角逗号“，”"),
    ("半角分号", rf"(?<={_CJK});|;(?={_CJK})", "；", "中文之间用全角分号“；”"),
    ("半角冒号", rf"(?<={_CJK}):|:(?={_CJK})", "：", "中文之间用全角冒号“：”"),
    ("半角问号", rf"(?<={_CJK})\?", "？", "中文之间用全角问号“？”"),
    (
        "半角括号",
        rf"\(((?:{_CJK}|[^()])*?{_CJK}(?:{_CJK}|[^()])*?)\)",
        r"（\1）",
        "中文括注用全角括号“（）”",
    ),
    ("全角数字", r"[０-９]+(?:[．.][０-９]+)?", "", "数字用半角阿拉伯数字（GB/T 15835）"),
]


def load(apps, schema_editor):
    WordingRule = apps.get_model("reports", "WordingRule")
    for name, pattern, replacement, message in SHIPPED_RULES:
        WordingRule.objects.update_or_create(
            name=name,
            defaults={
                "pattern": pattern,
                "replacement": replacement,
                "message": message,
                "shipped": True,
            },
        )


def unload(apps, schema_editor):
    apps.get_model("reports", "WordingRule").objects.filter(shipped=True).delete()


class Migration(migrations.Migration):
    dependencies = [("reports", "0011_wording_rules")]
    operations = [migrations.RunPython(load, unload)]
