"""Materials checklists and fees of the demo's handling items (申请材料与收费标准).

Drawn from the item's kind and a hash of its code, not from the demo's random streams: adding
them changed no other generated row."""

from __future__ import annotations

import hashlib

COMMON = ["申请表（原件1份）", "申请人身份证明（复印件1份，核验原件）"]
AGENT = "授权委托书及受托人身份证明（委托办理时提供）"
BY_KIND = {
    "license": [
        "营业执照或事业单位法人证书（复印件1份）",
        "法定代表人身份证明（复印件1份）",
        "符合许可条件的证明材料（原件1份）",
        "场所产权证明或租赁合同（复印件1份）",
        "专业技术人员资格证书（复印件1份）",
        "安全管理制度文本（原件1份）",
    ],
    "public": [
        "户口簿（核验原件）",
        "近期免冠证件照（2张）",
        "原证件（换领、补领时提供）",
        "相关情况说明（原件1份）",
    ],
    "confirmation": [
        "拟确认事项的证明材料（原件1份）",
        "相关登记证书（复印件1份）",
        "现场核查意见（如需）",
    ],
    "benefit": [
        "银行账户信息（复印件1份）",
        "收入或困难情况证明（原件1份）",
        "相关资格证明材料（复印件1份）",
    ],
}
FEES = {
    "license": ["不收费", "不收费", "按省发展改革委核定标准收取工本费"],
    "public": ["不收费", "工本费20元/证"],
}


def _pick(code: str, salt: str, n: int) -> int:
    digest = hashlib.sha256(f"{salt}:{code}".encode()).digest()
    return int.from_bytes(digest[:4], "big") % n


def materials(code: str, kind: str) -> str:
    """The checklist of one item, one entry per line (申请材料)."""
    pool = BY_KIND.get(kind, BY_KIND["confirmation"])
    count = 1 + _pick(code, "count", len(pool))
    start = _pick(code, "start", len(pool))
    chosen = [pool[(start + i) % len(pool)] for i in range(count)]
    return "\n".join([*COMMON, *chosen, AGENT])


def fees(code: str, kind: str) -> str:
    """The fee of one item (收费标准)."""
    options = FEES.get(kind, ["不收费"])
    return options[_pick(code, "fee", len(options))]
