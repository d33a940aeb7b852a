"""Halls that run their own copy (联网报送): the child makes signed bundles of its daily rollups
and published issues; the parent takes them in — over the API or as a file — idempotently, all
or nothing, refusing a replayed or forged one with a Chinese message naming what is wrong.

The pushed counts land in ``cases.DailyCount`` under the federated center's mirrored
departments, so every figure (``figures.cases``, ``figures.network``, ``servicehall stats``)
counts a federated child through the same one function as a local one; ``cases.rollups``
leaves those rows out of a recount of the log (``rollups.pushed_q``).
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F, Max, Q
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from servicehall.cases import rollups
from servicehall.cases.models import CaseEvent, DailyCount, EventKind
from servicehall.federation.bundle import (
    BundleError,
    Envelope,
    Forged,
    OutsideSubtree,
    Replayed,
    day_checksum,
    fingerprint,
    parse_public,
    public_text,
    read_envelope,
    seal,
    sha256_hex,
    signing_key,
)
from servicehall.federation.models import (
    ChildKey,
    PushedDay,
    ReceivedBundle,
    ReceivedIssue,
    ReceivedIssueFile,
    SentBundle,
)
from servicehall.figures.cases import NO_DEPARTMENT
from servicehall.figures.scope import CenterScope
from servicehall.org.models import Center, Department
from servicehall.reports.models import Issue

KINDS = frozenset(EventKind.values)


# ---- the child: making a bundle -----------------------------------------------------------------


def _center_named(name: str) -> Center:
    found = Center.objects.filter(Q(name=name) | Q(short_name=name)).order_by("path").first()
    if found is None:
        raise BundleError(f"没有名为“{name}”的中心")
    return found


def bundle_payload(center: Center, since: dt.date, through: dt.date) -> dict[str, Any]:
    """What a bundle of ``center`` (本级及下级) carries for the days ``since``–``through``: its
    centers and departments, each day's counts with a checksum, its published issues."""
    scope = CenterScope(center, with_children=True)
    subtree = scope.centers()
    names = {c.pk: c.name for c in subtree}
    default_name = next((c.name for c in subtree if c.is_default), center.name)
    departments = [
        {
            "center": d.center.name,
            "name": d.name,
            "aliases": d.aliases,
            "sort_order": d.sort_order,
        }
        for d in Department.objects.filter(center__in=subtree)
        .select_related("center")
        .order_by("center__path", "sort_order", "pk")
    ]
    per_day: dict[dt.date, list[list[Any]]] = defaultdict(list)
    rows = (
        DailyCount.objects.filter(day__gte=since, day__lte=through)
        .filter(scope.q("department__center"))
        .values_list("day", "kind", "department__center", "department__name", "count")
    )
    unregistered = False
    for day, kind, center_id, department, n in rows.iterator():
        if department is None:  # work of no registered department: the default center's
            unregistered = True
            per_day[day].append([default_name, NO_DEPARTMENT, kind, n])
        else:
            per_day[day].append([names[center_id], department, kind, n])
    if unregistered and not any(
        d["center"] == default_name and d["name"] == NO_DEPARTMENT for d in departments
    ):
        departments.append(
            {"center": default_name, "name": NO_DEPARTMENT, "aliases": "", "sort_order": 9999}
        )
    days = []
    day = since
    while day <= through:
        counts = sorted(per_day.get(day, []))
        days.append({"day": day.isoformat(), "counts": counts, "sha256": day_checksum(counts)})
        day += dt.timedelta(days=1)
    return {
        "center": center.name,
        "since": since.isoformat(),
        "through": through.isoformat(),
        "centers": [
            {
                "name": c.name,
                "short_name": c.short_name,
                "level": c.level,
                "parent": None if c.pk == center.pk else names.get(c.parent_id or 0),
            }
            for c in subtree
        ],
        "departments": departments,
        "days": days,
        "issues": _issues(scope, since),
    }


def _issues(scope: CenterScope, since: dt.date) -> list[dict[str, Any]]:
    """The published issues (with every file and its hash) of ``scope`` published since."""
    start = timezone.make_aware(dt.datetime.combine(since, dt.time.min))
    issues = (
        Issue.objects.filter(status=Issue.Status.PUBLISHED, published_at__gte=start)
        .filter(number__isnull=False, year__isnull=False)
        .filter(scope.q("series__center"))
        .select_related("series")
        .prefetch_related("files")
        .order_by("published_at", "pk")
    )
    found = []
    for issue in issues:
        assert issue.published_at is not None and issue.year is not None
        found.append(
            {
                "series": issue.series.title,
                "year": issue.year,
                "number": issue.number,
                "serial": issue.serial,
                "period_start": issue.period_start.isoformat() if issue.period_start else None,
                "period_end": issue.period_end.isoformat() if issue.period_end else None,
                "issue_date": issue.issue_date.isoformat() if issue.issue_date else None,
                "published_at": issue.published_at.isoformat(),
                "figures": issue.figures,
                "files": [
                    {
                        "format": f.format,
                        "sha256": f.sha256,
                        "size": f.size,
                        "content": base64.b64encode(bytes(f.content)).decode("ascii"),
                    }
                    for f in sorted(issue.files.all(), key=lambda f: f.format)
                ],
            }
        )
    return found


@transaction.atomic
def export_bundle(center_name: str, since: dt.date, through: dt.date | None = None) -> bytes:
    """A signed bundle of the center called ``center_name`` from ``since`` to ``through``
    (today by default), with the next sequence number of that center (never reused)."""
    key = signing_key()
    center = _center_named(center_name)
    through = through or timezone.localdate()
    if since > through:
        raise BundleError(f"起始日 {since} 晚于截至日 {through}")
    last = SentBundle.objects.select_for_update().filter(center=center).aggregate(Max("sequence"))
    sequence = (last["sequence__max"] or 0) + 1
    made_at = timezone.now()
    payload = bundle_payload(center, since, through)
    payload.update(sequence=sequence, made_at=made_at.isoformat())
    data = seal(payload, key)
    SentBundle.objects.create(
        center=center,
        sequence=sequence,
        since=since,
        through=through,
        sha256=read_envelope(data).sha256,
        made_at=made_at,
    )
    return data


# ---- the parent: registering a child ------------------------------------------------------------


@transaction.atomic
def federate_center(
    name: str, *, parent_name: str, level: str, public_key: str, short_name: str = ""
) -> Center:
    """Register the child center ``name`` below ``parent_name`` as federated (独立部署) with its
    public key; the same center again adds the key (a new key beside the old)."""
    parse_public(public_key)
    parent = _center_named(parent_name)
    center = Center.objects.filter(name=name).first()
    if center is None:
        center = Center.objects.create(
            name=name, short_name=short_name, level=level, parent=parent, federated=True
        )
    else:
        if center.parent_id != parent.pk:
            raise BundleError(
                f"“{name}”已登记在“{center.parent or '（无上级）'}”之下，不是“{parent.name}”"
            )
        if not center.federated:
            if CaseEvent.objects.filter(department__center__path__startswith=center.path).exists():
                raise BundleError(f"“{name}”在本实例已有办件记录，不能改为联网报送")
            center.federated = True
            center.save()
    ChildKey.objects.get_or_create(
        center=center, fingerprint=fingerprint(public_key), defaults={"public_key": public_key}
    )
    return center


def federation_key(create: bool = True) -> str:
    """This instance's public key as ``ed25519:BASE64`` (the private key made when missing)."""
    return public_text(signing_key(create=create).public_key())


# ---- the parent: taking a bundle in -------------------------------------------------------------


@dataclass
class ImportResult:
    """What a bundle changed: said to the operator or the pushing child."""

    center: str
    sequence: int
    changed: bool
    days_changed: int = 0
    days_unchanged: int = 0
    issues_added: int = 0
    message: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "center": self.center,
            "sequence": self.sequence,
            "changed": self.changed,
            "days_changed": self.days_changed,
            "days_unchanged": self.days_unchanged,
            "issues_added": self.issues_added,
            "message": self.message,
        }


def _date(value: Any, what: str) -> dt.date:
    found = parse_date(value) if isinstance(value, str) else None
    if found is None:
        raise Forged(f"数据包中{what}不是有效日期：{value!r}")
    return found


def _federated_center(name: Any, user: Any) -> Center:
    if not isinstance(name, str) or not name:
        raise Forged("数据包没有写明所属中心")
    center = Center.objects.filter(name=name).first()
    if center is None:
        raise BundleError(
            f"本实例没有登记联网报送的下级中心“{name}”：请先用 servicehall federate-center 登记其公钥"
        )
    if user is not None:
        path = getattr(user, "reader_center_path", "")
        if path is not None and not center.path.startswith(path):
            raise OutsideSubtree(
                f"数据包所属中心“{name}”不在账号“{user.username}”所属中心的管辖范围（本级及下级）内"
            )
    if not center.federated:
        raise BundleError(f"“{name}”是本实例直接管理的中心（未登记为联网报送），不接收其数据包")
    return center


def _check_signature(envelope: Envelope, center: Center) -> None:
    keys = ChildKey.objects.filter(center=center, revoked_at__isnull=True)
    key = keys.filter(fingerprint=envelope.key).first()
    if key is None:
        raise Forged(
            f"数据包的签名密钥（指纹 {envelope.key[:16]}）不是“{center.name}”登记的密钥：密钥不对，或数据包是伪造的"
        )
    if not envelope.verify(key.public_key):
        raise Forged(
            f"签名验证失败：数据包内容在“{center.name}”签名后被改动过，或不是用其密钥签名的"
        )


def _mirror_tree(payload: dict[str, Any], center: Center) -> dict[tuple[str, str], int]:
    """Mirror the child's subtree and departments here; (center name, department) → id."""
    centers: dict[str, Center] = {center.name: center}
    for entry in payload.get("centers") or []:
        name, parent = entry.get("name"), entry.get("parent")
        if name == center.name:
            continue
        if parent not in centers:
            raise Forged(f"数据包中下级中心“{name}”的上级“{parent}”不在数据包内")
        level = entry.get("level") or Center.Level.TOWNSHIP
        if level not in Center.Level.values:
            raise Forged(f"数据包中下级中心“{name}”的层级“{level}”无效")
        found = Center.objects.filter(name=name).first()
        if found is None:
            found = Center.objects.create(
                name=name,
                short_name=entry.get("short_name") or "",
                level=level,
                parent=centers[parent],
                federated=True,
            )
        elif not found.federated or found.parent_id != centers[parent].pk:
            raise OutsideSubtree(
                f"数据包中的下级中心“{name}”在本实例是另一处的中心，不属于“{center.name}”：拒绝写入"
            )
        centers[name] = found
    departments: dict[tuple[str, str], int] = {}
    for entry in payload.get("departments") or []:
        owner, name = entry.get("center"), entry.get("name")
        if owner not in centers or not isinstance(name, str) or not name:
            raise Forged(f"数据包中的部门“{name}”所属中心“{owner}”不在数据包内")
        wanted = {
            "aliases": str(entry.get("aliases") or ""),
            "sort_order": int(entry.get("sort_order") or 100),
        }
        department, created = Department.objects.get_or_create(
            center=centers[owner], name=name, defaults=wanted
        )
        if not created and any(getattr(department, k) != v for k, v in wanted.items()):
            for k, v in wanted.items():
                setattr(department, k, v)
            department.save()
        departments[(owner, name)] = department.pk
    return departments


def _take_days(
    payload: dict[str, Any], center: Center, departments: dict[tuple[str, str], int]
) -> tuple[int, int]:
    """Replace each pushed day whose checksum differs from its last push; (changed, unchanged)."""
    now = timezone.now()
    since, through = _date(payload.get("since"), "起始日"), _date(payload.get("through"), "截至日")
    known = dict(PushedDay.objects.filter(center=center).values_list("day", "checksum"))
    changed: dict[dt.date, str] = {}
    rows: list[DailyCount] = []
    unchanged = 0
    for entry in payload.get("days") or []:
        day = _date(entry.get("day"), "日期")
        counts = entry.get("counts")
        if not isinstance(counts, list):
            raise Forged(f"数据包中 {day} 的汇总格式不对")
        if day_checksum(counts) != entry.get("sha256"):
            raise Forged(f"{day} 的汇总与其校验值不符：该日数据被改动过")
        if day in changed:
            raise Forged(f"数据包中 {day} 出现了两次")
        if not since <= day <= through:
            raise Forged(f"数据包中 {day} 不在其起止日期 {since} 至 {through} 之内")
        if known.get(day) == entry["sha256"]:
            unchanged += 1
            continue
        changed[day] = entry["sha256"]
        for row in counts:
            if not (isinstance(row, list) and len(row) == 4):
                raise Forged(f"数据包中 {day} 的汇总行格式不对：{row!r}")
            owner, department, kind, n = row
            if (owner, department) not in departments:
                raise Forged(f"{day} 的汇总提到未在数据包中列出的部门“{owner}·{department}”")
            if kind not in KINDS or not isinstance(n, int) or n <= 0:
                raise Forged(f"{day} 的汇总行无效（环节“{kind}”，数量 {n!r}）")
            rows.append(
                DailyCount(
                    day=day, kind=kind, department_id=departments[(owner, department)], count=n
                )
            )
    # Only a day pushed before can hold rows: the pushes are the only writers of them.
    again = [day for day in changed if day in known]
    subtree = Q(department__center__path__startswith=center.path)
    _centers_follow(subtree, again, -1)
    for start in range(0, len(again), 500):
        DailyCount.objects.filter(subtree, day__in=again[start : start + 500]).delete()
        PushedDay.objects.filter(center=center, day__in=again[start : start + 500]).delete()
    DailyCount.objects.bulk_create(rows, batch_size=1000)
    _centers_follow(subtree, list(changed), 1)
    PushedDay.objects.bulk_create(
        (PushedDay(center=center, day=d, checksum=c, pushed_at=now) for d, c in changed.items()),
        batch_size=1000,
    )
    return len(changed), unchanged


def _centers_follow(subtree: Q, days: list[dt.date], sign: int) -> None:
    """The center rollups (a province's roll-up reads them) take the pushed rows of ``days``
    away (``sign`` -1, before they are replaced) or add them (1, once written)."""
    for start in range(0, len(days), 500):
        pushed = (
            DailyCount.objects.filter(subtree, day__in=days[start : start + 500])
            .annotate(n=F("count") * sign)
            .order_by()
            .values_list("day", "kind", "department_id", "n")
        )
        sql, params = pushed.query.sql_with_params()
        rollups.add_to_centers(
            f"SELECT day, kind, department_id, n FROM ({sql}) AS pushed", params, removing=sign < 0
        )


def _take_issues(payload: dict[str, Any], center: Center, bundle: ReceivedBundle) -> int:
    added = 0
    for entry in payload.get("issues") or []:
        label = f"“{entry.get('series')}”{entry.get('year')}年第{entry.get('number')}期"
        files = []
        for f in entry.get("files") or []:
            try:
                content = base64.b64decode(str(f.get("content")), validate=True)
            except binascii.Error as exc:
                raise Forged(f"{label}的 {f.get('format')} 文件内容已损坏") from exc
            if sha256_hex(content) != f.get("sha256") or len(content) != f.get("size"):
                raise Forged(f"{label}的 {f.get('format')} 文件与其 SHA-256 不符：文件被改动过")
            files.append((str(f.get("format")), content, str(f["sha256"])))
        existing = ReceivedIssue.objects.filter(
            center=center,
            series=entry.get("series"),
            year=entry.get("year"),
            number=entry.get("number"),
        ).first()
        if existing is not None:
            held = dict(existing.files.values_list("format", "sha256"))
            if held != {fmt: digest for fmt, _, digest in files}:
                raise Replayed(
                    f"{label}与此前收到的同一期内容不同：已发布的期次不可更改，请以勘误另发"
                )
            continue
        published_at = parse_datetime(str(entry.get("published_at") or ""))
        if published_at is None:
            raise Forged(f"{label}没有有效的发布时间")
        issue = ReceivedIssue.objects.create(
            center=center,
            series=str(entry.get("series") or ""),
            year=int(entry["year"]),
            number=int(entry["number"]),
            serial=entry.get("serial"),
            period_start=parse_date(entry.get("period_start") or "")
            if entry.get("period_start")
            else None,
            period_end=parse_date(entry.get("period_end") or "")
            if entry.get("period_end")
            else None,
            issue_date=parse_date(entry.get("issue_date") or "")
            if entry.get("issue_date")
            else None,
            published_at=published_at,
            figures=entry.get("figures") or {},
            bundle=bundle,
        )
        ReceivedIssueFile.objects.bulk_create(
            ReceivedIssueFile(
                issue=issue, format=fmt, content=content, sha256=digest, size=len(content)
            )
            for fmt, content, digest in files
        )
        added += 1
    return added


def import_bundle(
    data: bytes, *, user: Any = None, via: str = ReceivedBundle.Via.FILE
) -> ImportResult:
    """Take a child's bundle in, all or nothing: ``BundleError`` (``Forged``, ``Replayed``,
    ``OutsideSubtree``) names what is wrong; the same bundle again changes nothing and says so.
    ``user``: the pushing login (its center's subtree only); None for the operator's command."""
    envelope = read_envelope(data)
    claimed = envelope.payload  # read before the signature only to know whose key checks it
    with transaction.atomic():
        center = _federated_center(claimed.get("center"), user)
        _check_signature(envelope, center)
        payload = claimed
        sequence = payload.get("sequence")
        if not isinstance(sequence, int) or sequence < 1:
            raise Forged("数据包没有有效的序号")
        # One import of a child at a time: the center's row is the lock.
        Center.objects.select_for_update().filter(pk=center.pk).first()
        newest = ReceivedBundle.objects.filter(center=center).aggregate(Max("sequence"))[
            "sequence__max"
        ]
        if newest is not None and sequence < newest:
            raise Replayed(
                f"“{center.name}”的数据包序号 {sequence} 早于已导入的第 {newest} 号："
                "旧数据包不再导入（重放）"
            )
        seen = ReceivedBundle.objects.filter(center=center, sequence=sequence).first()
        if seen is not None:
            if seen.sha256 != envelope.sha256:
                raise Replayed(
                    f"“{center.name}”的数据包序号 {sequence} 已被另一个内容不同的数据包使用："
                    "拒绝重放或伪造的数据包"
                )
            return ImportResult(
                center.name,
                sequence,
                changed=False,
                message=(
                    f"“{center.name}”第{sequence}号数据包已于"
                    f"{timezone.localtime(seen.received_at):%Y-%m-%d %H:%M}导入，本次未做任何更改"
                ),
            )
        made_at = parse_datetime(str(payload.get("made_at") or ""))
        if made_at is None:
            raise Forged("数据包没有有效的生成时间")
        since, through = (
            _date(payload.get("since"), "起始日"),
            _date(payload.get("through"), "截至日"),
        )
        bundle = ReceivedBundle.objects.create(
            center=center,
            sequence=sequence,
            sha256=envelope.sha256,
            since=since,
            through=through,
            made_at=made_at,
            via=via,
            username=getattr(user, "username", "") or "",
        )
        departments = _mirror_tree(payload, center)
        changed, unchanged = _take_days(payload, center, departments)
        added = _take_issues(payload, center, bundle)
        bundle.days_changed, bundle.issues_added = changed, added
        bundle.save(update_fields=["days_changed", "issues_added"])
    result = ImportResult(
        center.name,
        sequence,
        changed=bool(changed or added),
        days_changed=changed,
        days_unchanged=unchanged,
        issues_added=added,
    )
    result.message = (
        f"已导入“{center.name}”第{sequence}号数据包（{since}至{through}）："
        f"{changed} 天的汇总有更新，{unchanged} 天无变化，新收已发布期次 {added} 期"
    )
    return result


# ---- the parent: how fresh each child is --------------------------------------------------------


@dataclass(frozen=True)
class Freshness:
    """One federated child as its parent sees it (报送时效)."""

    center: Center
    last_day: dt.date | None  # the last day its pushes cover
    last_push: dt.datetime | None
    sequence: int | None
    issues: int
    stale: bool
    days_behind: int | None

    @property
    def status(self) -> str:
        if self.last_push is None:
            return "从未报送"
        if self.stale:
            return f"滞后 {self.days_behind} 天" if self.days_behind else "超过时限未报送"
        return "正常"

    def as_dict(self) -> dict[str, Any]:
        return {
            "center": self.center.pk,
            "name": self.center.name,
            "last_day": self.last_day.isoformat() if self.last_day else None,
            "last_push": self.last_push.isoformat() if self.last_push else None,
            "sequence": self.sequence,
            "issues": self.issues,
            "stale": self.stale,
            "status": self.status,
        }


def freshness(centers: Any, today: dt.date | None = None) -> list[Freshness]:
    """Each federated root center among ``centers`` (a reader's scoped queryset): the last day
    pushed, when, and stale when nothing came for ``SERVICEHALL_FEDERATION_STALE_DAYS``."""
    today = today or timezone.localdate()
    allowed = settings.SERVICEHALL_FEDERATION_STALE_DAYS
    roots = centers.filter(federated=True).exclude(parent__federated=True).order_by("path")
    rows = []
    for center in roots:
        last = ReceivedBundle.objects.filter(center=center).order_by("-sequence").first()
        last_day = ReceivedBundle.objects.filter(center=center).aggregate(Max("through"))[
            "through__max"
        ]
        last_push = last.received_at if last else None
        behind = (today - last_day).days if last_day else None
        stale = (
            last_push is None
            or (today - timezone.localdate(last_push)).days > allowed
            or (behind is not None and behind > allowed)
        )
        rows.append(
            Freshness(
                center=center,
                last_day=last_day,
                last_push=last_push,
                sequence=last.sequence if last else None,
                issues=ReceivedIssue.objects.filter(center=center).count(),
                stale=stale,
                days_behind=behind,
            )
        )
    return rows
