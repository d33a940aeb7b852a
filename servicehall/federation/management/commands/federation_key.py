"""servicehall federation-key: this instance's public signing key (the private key is made once
into SERVICEHALL_FEDERATION_KEY_FILE, readable by its owner only), for the parent to register."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from servicehall.federation.bundle import BundleError, fingerprint, key_file
from servicehall.federation.services import federation_key


class Command(BaseCommand):
    help = "显示本实例的联网报送公钥（首次运行时生成私钥文件）；把公钥交给上级中心用 federate-center 登记。"

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            key = federation_key(create=True)
        except BundleError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(key)
        self.stderr.write(f"私钥文件：{key_file()}（请妥善保管）；公钥指纹：{fingerprint(key)}")
