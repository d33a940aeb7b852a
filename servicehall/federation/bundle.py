"""The bundle (联网数据包): its bytes, its Ed25519 signature and each day's checksum.

A bundle is a JSON envelope ``{"format", "key", "payload", "signature"}``: ``payload`` is the
JSON text of what is carried, and the signature covers its UTF-8 bytes exactly, so any altered
byte of it fails the check. The child signs with its private key (a file outside the database,
``SERVICEHALL_FEDERATION_KEY_FILE``); the parent holds only the public key, so nobody at the
parent — nor anyone who reads its database — can make a bundle in the child's name.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings

FORMAT = "servicehall-bundle/1"
KEY_PREFIX = "ed25519:"


class BundleError(ValueError):
    """A bundle refused (said to the sender in Chinese); ``status`` is the HTTP answer."""

    status = 400


class Forged(BundleError):
    """The bytes are not the child's: altered, or signed with another key."""


class Replayed(BundleError):
    """An older bundle, or a sequence number already used by other bytes."""

    status = 409


class OutsideSubtree(BundleError):
    """A bundle for a center outside the importer's subtree."""

    status = 403


def canonical(data: Any) -> str:
    """The one JSON text of ``data`` (sorted keys, no spaces): what checksums are taken of."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def sha256_hex(data: bytes | str) -> str:
    return hashlib.sha256(data.encode("utf-8") if isinstance(data, str) else data).hexdigest()


def day_checksum(counts: list[list[Any]]) -> str:
    """The checksum of one day's counts: ``[[center, department, kind, n], …]`` sorted."""
    return sha256_hex(canonical(sorted(counts)))


# ---- keys ---------------------------------------------------------------------------------------


def public_text(key: Ed25519PublicKey) -> str:
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return KEY_PREFIX + base64.b64encode(raw).decode("ascii")


def parse_public(text: str) -> Ed25519PublicKey:
    """A public key written as ``ed25519:BASE64`` (what ``servicehall federation-key`` prints)."""
    text = text.strip()
    if not text.startswith(KEY_PREFIX):
        raise BundleError(f"公钥应以“{KEY_PREFIX}”开头")
    try:
        raw = base64.b64decode(text.removeprefix(KEY_PREFIX), validate=True)
        return Ed25519PublicKey.from_public_bytes(raw)
    except (binascii.Error, ValueError) as exc:
        raise BundleError("公钥格式不对：应为 ed25519: 加 32 字节的 Base64") from exc


def fingerprint(text: str) -> str:
    """A public key's short name: the first 16 hex digits of the SHA-256 of its raw bytes."""
    key = parse_public(text)
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return sha256_hex(raw)[:16]


def key_file() -> Path:
    return Path(settings.SERVICEHALL_FEDERATION_KEY_FILE)


def signing_key(create: bool = False) -> Ed25519PrivateKey:
    """This instance's private signing key, from its file (made, readable by its owner only,
    when ``create``)."""
    path = key_file()
    if not path.exists():
        if not create:
            raise BundleError(
                f"本实例还没有签名密钥（{path}）：请先运行 servicehall federation-key 生成，"
                "并把它打印的公钥交给上级中心登记"
            )
        path.parent.mkdir(parents=True, exist_ok=True)
        pem = Ed25519PrivateKey.generate().private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as out:
            out.write(pem)
    loaded = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(loaded, Ed25519PrivateKey):
        raise BundleError(f"{path} 不是 Ed25519 私钥")
    return loaded


# ---- the envelope -------------------------------------------------------------------------------


def seal(payload: dict[str, Any], key: Ed25519PrivateKey) -> bytes:
    """The signed bundle of ``payload``."""
    text = canonical(payload)
    signature = key.sign(text.encode("utf-8"))
    envelope = {
        "format": FORMAT,
        "key": fingerprint(public_text(key.public_key())),
        "payload": text,
        "signature": base64.b64encode(signature).decode("ascii"),
    }
    return (json.dumps(envelope, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


@dataclass(frozen=True)
class Envelope:
    """A bundle read but not yet believed: its signature is checked by ``opened``."""

    key: str
    payload_text: str
    signature: bytes

    @property
    def payload(self) -> dict[str, Any]:
        try:
            data = json.loads(self.payload_text)
        except ValueError as exc:
            raise Forged("数据包内容不是有效的 JSON：数据包已损坏或被改动") from exc
        if not isinstance(data, dict):
            raise Forged("数据包内容格式不对：数据包已损坏或被改动")
        return data

    @property
    def sha256(self) -> str:
        """The digest of what is signed: the same bundle has the same digest, however sent."""
        return sha256_hex(self.payload_text)

    def verify(self, public_key: str) -> bool:
        try:
            parse_public(public_key).verify(self.signature, self.payload_text.encode("utf-8"))
        except InvalidSignature:
            return False
        return True


def read_envelope(data: bytes) -> Envelope:
    """The envelope of a bundle's bytes, or ``BundleError`` saying what is wrong with them."""
    try:
        envelope = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise Forged(
            "不是有效的联网数据包：文件不是 UTF-8 编码的 JSON，可能已损坏或被改动"
        ) from exc
    if not isinstance(envelope, dict) or envelope.get("format") != FORMAT:
        raise BundleError(f"不是有效的联网数据包：格式应为 {FORMAT}")
    key, text, signature = (envelope.get(k) for k in ("key", "payload", "signature"))
    if not all(isinstance(v, str) for v in (key, text, signature)):
        raise Forged("不是有效的联网数据包：缺少签名、密钥指纹或内容")
    try:
        raw_signature = base64.b64decode(str(signature), validate=True)
    except binascii.Error as exc:
        raise Forged("数据包签名不是有效的 Base64：数据包已损坏或被改动") from exc
    return Envelope(str(key), str(text), raw_signature)
