"""The demo's indicator data (考核指标数据): per 办理项 its 法定时限, 即办件, 到现场次数, 网办深度 and
全程网办; per case its channel; per rating real-name and, for a 差评, its content classes.

Each value is a function of the record's own code (CRC-32), never of the demo's random stream:
the stream's draws — and with them every seed-calibrated figure (docs/demo.md) — stay as they
were, and the same code always gets the same value.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from servicehall.cases.models import Channel
from servicehall.catalog.models import OnlineDepth, Visits
from servicehall.journal.models import BadRatingClass, ServiceEvaluation

if TYPE_CHECKING:
    from servicehall.demo.events import EvaluationRow


def _hash(text: str, salt: str) -> int:
    return zlib.crc32(f"{salt}:{text}".encode())


@dataclass(frozen=True)
class ItemFacts:
    statutory_days: int
    immediate: bool
    visits: int
    online_depth: int
    fully_online: bool


def item_facts(code: str, promised_days: int) -> ItemFacts:
    """A 办理项's facts: the 法定时限 one to four times the promised one (a province's 压缩比
    runs about 50–70%), a quarter done fully online (零跑动), most others 最多跑一次."""
    h = _hash(code, "item")
    depth_roll = (h >> 8) % 100
    if depth_roll < 25:
        depth, visits = OnlineDepth.LEVEL_4, Visits.ZERO
    elif depth_roll < 70:
        depth, visits = OnlineDepth.LEVEL_3, Visits.ONE
    elif depth_roll < 92:
        depth, visits = OnlineDepth.LEVEL_2, Visits.ONE
    else:
        depth, visits = OnlineDepth.LEVEL_1, Visits.TWO_OR_MORE
    return ItemFacts(
        statutory_days=promised_days * (1 + (h >> 16) % 4),
        immediate=promised_days <= 1 and h % 3 != 0,
        visits=int(visits),
        online_depth=int(depth),
        fully_online=depth == OnlineDepth.LEVEL_4,
    )


# How the demo's cases came in, in hundredths: most at the window, a fifth declared online.
_CHANNELS: tuple[tuple[str, int], ...] = (
    (Channel.WINDOW, 70),
    (Channel.ONLINE, 18),
    (Channel.SELF_SERVICE, 5),
    (Channel.MAIL, 4),
    (Channel.CROSS_REGION, 3),
)


def case_channel(case_no: str) -> str:
    roll = _hash(case_no, "channel") % 100
    for channel, share in _CHANNELS:
        if roll < share:
            return str(channel)
        roll -= share
    raise AssertionError("the shares add up to 100")


# Of the cases of an item promised within a week that is no 即办件, the share (in hundredths) a
# hall still finishes at the window on the day of 受理 (the clerk decides at once).
ON_THE_SPOT_SHARE = 12
ON_THE_SPOT_MAX_DAYS = 5


def done_on_the_spot(case_no: str, immediate: bool, promised_days: int | None) -> bool:
    """Whether a case is finished on the day of its 受理 (当场办结): every case of a 即办件, and
    about one in eight of the others promised within five working days."""
    if immediate:
        return True
    if promised_days is None or promised_days > ON_THE_SPOT_MAX_DAYS:
        return False
    return _hash(case_no, "spot") % 100 < ON_THE_SPOT_SHARE


def rating_real_name(case_no: str, level: int) -> bool:
    """About 60% of ratings are given signed in (实名)."""
    return _hash(f"{case_no}:{level}", "real") % 10 < 6


def bad_classes(case_no: str, level: int) -> list[str]:
    """A 差评's content classes: one, a third of the time two; none for a good rating."""
    if level > 2:
        return []
    classes = BadRatingClass.values
    h = _hash(f"{case_no}:{level}", "classes")
    first = classes[h % len(classes)]
    second = classes[(h >> 8) % len(classes)]
    return [first] if (h >> 16) % 3 or second == first else [first, second]


def ratings(rows: Iterable[EvaluationRow], case_ids: dict[str, int]) -> list[ServiceEvaluation]:
    """The ratings to write (好差评), each with its facts: 实名 and a 差评's content classes."""
    return [
        ServiceEvaluation(
            case_id=case_ids[v.case_no],
            evaluated_at=v.evaluated_at,
            level=v.level,
            channel=v.channel,
            real_name=rating_real_name(v.case_no, v.level),
            bad_classes=bad_classes(v.case_no, v.level),
            comment=v.comment,
            follow_up_due=v.follow_up_due,
            followed_up_on=v.followed_up_on,
            follow_up_note=v.follow_up_note,
        )
        for v in rows
    ]


# The province's targets (考核目标值) the demo starts with, for every center from 2024: key,
# direction, value. Plausible levels of a provincial assessment, not a real document's.
TARGETS: list[tuple[str, str, str]] = [
    ("on_time_rate", "at_least", "98.00"),
    ("good_rating_rate", "at_least", "99.00"),
    ("online_case_share", "at_least", "15.00"),
    ("bad_rectified_on_time_rate", "at_least", "95.00"),
    ("handling_days_mean", "at_most", "10.00"),
]
