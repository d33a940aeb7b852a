"""A background job is its starter's center's (后台任务按中心隔离): read within that center's
subtree only, never by a sibling or the parent's other children."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from servicehall.core import jobs
from servicehall.core.models import Job, JobFile
from servicehall.core.roles import Role
from servicehall.testing.tree import Tree

pytestmark = pytest.mark.django_db


def test_a_job_is_read_in_its_starters_subtree_only(client: Client, tree: Tree) -> None:
    starter = tree.login("county_a1", Role.ADMIN)
    job = jobs.enqueue("import_reports", [("a.txt", b"x")], user=starter)
    assert job.center_path == tree.centers["county_a1"].path
    url = reverse("core:job", args=[job.pk])
    for key, seen in [
        ("county_a1", True),
        ("city_a", True),
        ("province", True),
        ("county_a2", False),
        ("town_a1", False),
        ("city_b", False),
    ]:
        for role in (Role.ADMIN, Role.STAFF, Role.LEADER):
            client.force_login(tree.login(key, role))
            assert client.get(url).status_code == (200 if seen else 404), (key, role)
    sibling = tree.login("county_a2", Role.ADMIN)
    assert not JobFile.objects.for_user(sibling).exists()
    assert JobFile.objects.for_user(starter).count() == 1


def test_a_job_from_the_command_line_is_the_default_centers(tree: Tree) -> None:
    job = jobs.enqueue("import_reports", [])
    assert job.center_path is None
    assert Job.objects.for_user(tree.login("province", Role.ADMIN)).filter(pk=job.pk).exists()
    assert not Job.objects.for_user(tree.login("city_a", Role.ADMIN)).filter(pk=job.pk).exists()
