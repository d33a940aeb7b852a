"""Two instances on loopback: the parent served over HTTP by `servicehall runserver`, a county
running its own copy on its own database. The county pushes a week with its token; the
parent's figures equal a local county's with the same events; a replayed or altered push is
refused; export-bundle → import-bundle carries the same and, again, changes nothing."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from servicehall.federation.tests.helpers import EXPECTED, FEDERATED, WEEK
from servicehall.testing.scratchdb import cli, python, scratch_environments

pytestmark = pytest.mark.each_database

RECORD_WEEK = """
import datetime
import datetime as dt
from servicehall.cli import ensure_migrated
ensure_migrated()
from servicehall.cases.services import record_event
from servicehall.core.context import acting_as
from servicehall.org.models import Center, Department

def record(center, prefix):
    departments = {{}}
    n = 0
    for day, name, kind, times in {week!r}:
        if name not in departments:
            departments[name] = Department.objects.create(center=center, name=name)
        for _ in range(times):
            n += 1
            record_event(event_id=f"{{prefix}}{{n:04d}}", kind=kind,
                         occurred_at=dt.datetime.combine(day, dt.time(10, n)),
                         department=departments[name])
"""

CHILD = """
with acting_as(None, source="system"):
    record(Center.objects.create(name={name!r}, short_name="成华区", level="county",
                                 is_default=True), "CH")
"""

PARENT = """
from knox.models import AuthToken
from servicehall.accounts.models import User
from servicehall.federation.services import federate_center
with acting_as(None, source="system"):
    province = Center.objects.create(name="四川省政务服务中心", short_name="省中心", is_default=True)
    city = Center.objects.create(name="成都市政务服务中心", short_name="成都市", level="city",
                                 parent=province)
    record(Center.objects.create(name="金牛区政务服务中心", level="county", parent=city), "JN")
    Center.objects.create(name="武侯区政务服务中心", level="county", parent=city)
    federate_center({name!r}, parent_name="成都市", level="county", public_key={key!r})
    tokens = {{}}
    for username, center in (("chenghua", {name!r}), ("wuhou", "武侯区政务服务中心")):
        user = User.objects.create(username=username, role="admin",
                                   center=Center.objects.get(name=center))
        tokens[username] = AuthToken.objects.create(user=user)[1]
print(json.dumps(tokens))
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def post(url: str, data: bytes, token: str) -> tuple[int, dict[str, Any]]:
    request = urllib.request.Request(
        url,
        data=data,
        method="POST",
        headers={"Authorization": f"Token {token}", "Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=120) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


STATS = """
import io, json
from django.core.management import call_command
found = {}
for center in %r:
    out = io.StringIO()
    call_command("stats", "--from", "2024-01-22", "--to", "2024-01-28", "--json",
                 "--center", center, "--with-children", stdout=out)
    found[center] = json.loads(out.getvalue())["period"]
print(json.dumps(found, ensure_ascii=False))
"""


def stats(env: dict[str, str], *centers: str) -> list[dict[str, int]]:
    """`servicehall stats --center C --with-children` of each center, in one process."""
    found = json.loads(ok(python(env, STATS % (centers,))).strip().splitlines()[-1])
    return [found[c] for c in centers]


def ok(done: subprocess.CompletedProcess[str]) -> str:
    assert done.returncode == 0, done.stderr + done.stdout
    return done.stdout


def test_a_county_running_its_own_copy_pushes_a_week_to_its_parent(tmp_path: Path) -> None:
    with scratch_environments(tmp_path, "parent", "child") as (parent, child):
        child["SERVICEHALL_FEDERATION_KEY_FILE"] = str(tmp_path / "child.key")
        public = ok(cli(child, "federation-key")).strip()
        ok(python(child, RECORD_WEEK.format(week=WEEK) + CHILD.format(name=FEDERATED)))
        tokens = json.loads(
            ok(
                python(
                    parent,
                    "import json\n"
                    + RECORD_WEEK.format(week=WEEK)
                    + PARENT.format(name=FEDERATED, key=public),
                )
            )
            .strip()
            .splitlines()[-1]
        )
        port = free_port()
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "servicehall.cli",
                "runserver",
                f"127.0.0.1:{port}",
                "--noreload",
            ],
            env=parent,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            deadline = time.monotonic() + 90
            while True:
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    break
                except OSError:
                    assert server.poll() is None and time.monotonic() < deadline, "服务未启动"
                    time.sleep(0.3)
            url = f"http://127.0.0.1:{port}"
            first = tmp_path / "first.bundle"
            ok(
                cli(
                    child,
                    "export-bundle",
                    "--center",
                    FEDERATED,
                    "--since",
                    "2024-01-22",
                    "-o",
                    str(first),
                )
            )
            (tmp_path / "token").write_text(tokens["chenghua"])
            pushed = ok(
                cli(
                    child,
                    "push-bundle",
                    "--center",
                    FEDERATED,
                    "--since",
                    "2024-01-22",
                    "--url",
                    url,
                    "--token-file",
                    str(tmp_path / "token"),
                )
            )
            assert f"已导入“{FEDERATED}”第2号数据包" in pushed

            # The parent counts the pushed county as the local one with the same events.
            federated, local, city = stats(
                parent, FEDERATED, "金牛区政务服务中心", "成都市政务服务中心"
            )
            assert federated == EXPECTED == local
            assert city == {k: 2 * v for k, v in EXPECTED.items()}

            bundles = f"{url}/api/federation/bundles/"
            # A replay: the first bundle after the second.
            status, body = post(bundles, first.read_bytes(), tokens["chenghua"])
            assert status == 409 and "序号 1 早于已导入的第 2 号" in body["detail"]
            # An altered bundle: one count changed after signing.
            envelope = json.loads(first.read_bytes())
            envelope["sequence"] = 9
            envelope["payload"] = envelope["payload"].replace('"consult",3]', '"consult",4]')
            status, body = post(
                bundles, json.dumps(envelope, ensure_ascii=False).encode(), tokens["chenghua"]
            )
            assert status == 400 and "签名验证失败" in body["detail"]
            # Another county's token may not write this county.
            third = tmp_path / "third.bundle"
            ok(
                cli(
                    child,
                    "export-bundle",
                    "--center",
                    FEDERATED,
                    "--since",
                    "2024-01-22",
                    "-o",
                    str(third),
                )
            )
            status, body = post(bundles, third.read_bytes(), tokens["wuhou"])
            assert status == 403 and "不在账号“wuhou”所属中心的管辖范围" in body["detail"]
        finally:
            server.terminate()
            server.wait(timeout=30)

        # The networks do not meet: the file, carried by hand.
        taken = ok(cli(parent, "import-bundle", str(third)))
        assert f"已导入“{FEDERATED}”第3号数据包" in taken and "0 天的汇总有更新" in taken
        again = ok(cli(parent, "import-bundle", str(third)))
        assert "第3号数据包已于" in again and "未做任何更改" in again
        replayed = cli(parent, "import-bundle", str(first))
        assert replayed.returncode != 0 and "旧数据包不再导入（重放）" in replayed.stderr
        assert stats(parent, FEDERATED) == [EXPECTED]
