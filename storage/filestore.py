"""Where photo bytes are kept: a folder (the default) or any S3-compatible bucket, chosen by FILE_STORE.

Keys are content addresses (`sha256/ab/ab12….jpg`), so the same photo filed twice is kept once and a
key never needs overwriting. Every failure an operator can fix is a `FileStoreError` with one line that
names the setting and the fix; credentials never appear in it.
"""

from __future__ import annotations

import asyncio
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import unquote, urlsplit

from botocore.exceptions import BotoCoreError, ClientError, NoCredentialsError

# Written and removed again at start to prove the store takes writes.
_PROBE = ".fieldbot-write-check"


class FileStoreError(Exception):
    """The file store cannot be used; the message is one line naming the setting and the fix."""


class FileStore(Protocol):
    """Bytes by key."""

    description: str

    async def check(self) -> None:
        """Prove the store can be written, or raise FileStoreError."""

    async def has(self, key: str) -> bool:
        """Whether `key` is stored."""

    async def put(self, key: str, data: bytes, mime_type: str | None) -> None:
        """Store `data` under `key`."""

    async def get(self, key: str) -> bytes:
        """The bytes under `key`."""


def content_key(sha256: str, extension: str) -> str:
    """The key of content with this hash: spread over 256 folders so none grows huge."""
    return f"sha256/{sha256[:2]}/{sha256}{extension}"


class FolderStore:
    """A folder on this machine (or a mounted volume)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.description = f"folder {root}"

    async def check(self) -> None:
        """Create the folder and write a probe file."""
        await asyncio.to_thread(self._check)

    def _check(self) -> None:
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            probe = self.root / _PROBE
            probe.write_bytes(b"ok")
            probe.unlink()
        except OSError as exc:
            raise FileStoreError(
                f"FILE_STORE: cannot write to the folder {self.root} ({exc.strerror or exc}); create it "
                "and give the bot's user write access, or set FILE_STORE to a writable folder or s3:// URL"
            ) from None

    async def has(self, key: str) -> bool:
        """Whether the file exists."""
        return await asyncio.to_thread((self.root / key).is_file)

    async def put(self, key: str, data: bytes, mime_type: str | None) -> None:
        """Write through a temporary file and rename, so a crash never leaves half a photo under a key."""
        await asyncio.to_thread(self._put, self.root / key, data)

    @staticmethod
    def _put(target: Path, data: bytes) -> None:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=".partial-")
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

    async def get(self, key: str) -> bytes:
        """Read the file."""
        return await asyncio.to_thread((self.root / key).read_bytes)


@dataclass(frozen=True)
class S3Options:
    """Where an S3-compatible store is and how to sign in (None: boto3's own lookup, e.g. AWS_* variables)."""

    endpoint_url: str | None = None
    access_key_id: str | None = None
    secret_access_key: str | None = None
    region: str | None = None


class S3Store:
    """A bucket (and optional key prefix) on AWS S3, MinIO, Ceph, OSS or any S3-compatible server."""

    def __init__(self, bucket: str, prefix: str, options: S3Options) -> None:
        self.bucket, self.prefix = bucket, prefix.strip("/")
        where = f" at {options.endpoint_url}" if options.endpoint_url else ""
        self.description = f"s3://{bucket}/{self.prefix}{where}"
        # Imported here: boto3 takes a moment to load and folder stores never need it.
        import boto3
        from botocore.config import Config

        self._client: Any = boto3.client(
            "s3",
            endpoint_url=options.endpoint_url,
            aws_access_key_id=options.access_key_id,
            aws_secret_access_key=options.secret_access_key,
            region_name=options.region or "us-east-1",
            # A few quick retries: the bot's own download job retries later anyway.
            config=Config(
                retries={"max_attempts": 3, "mode": "standard"}, connect_timeout=10, read_timeout=30
            ),
        )

    def _key(self, key: str) -> str:
        return f"{self.prefix}/{key}" if self.prefix else key

    async def check(self) -> None:
        """Write and delete a probe object, so refused credentials or a missing bucket show at start."""
        try:
            await asyncio.to_thread(
                self._client.put_object, Bucket=self.bucket, Key=self._key(_PROBE), Body=b"ok"
            )
            await asyncio.to_thread(self._client.delete_object, Bucket=self.bucket, Key=self._key(_PROBE))
        except NoCredentialsError:
            raise FileStoreError(
                f"FILE_STORE {self.description}: no S3 credentials; set FILE_STORE_ACCESS_KEY_ID and "
                "FILE_STORE_SECRET_ACCESS_KEY"
            ) from None
        except ClientError as exc:
            raise FileStoreError(self._explain(exc)) from None
        except BotoCoreError as exc:
            raise FileStoreError(
                f"FILE_STORE {self.description}: cannot reach the S3 server ({exc}); check "
                "FILE_STORE_ENDPOINT_URL and the network"
            ) from None

    def _explain(self, exc: ClientError) -> str:
        code = str(exc.response.get("Error", {}).get("Code", ""))
        where = f"FILE_STORE {self.description}"
        if code in ("InvalidAccessKeyId", "SignatureDoesNotMatch", "InvalidClientTokenId", "AuthFailure"):
            return (
                f"{where}: the S3 server refused the credentials ({code}); check FILE_STORE_ACCESS_KEY_ID "
                "and FILE_STORE_SECRET_ACCESS_KEY"
            )
        if code in ("NoSuchBucket", "404"):
            return f"{where}: the bucket {self.bucket!r} does not exist; create it or fix FILE_STORE"
        if code in ("AccessDenied", "403"):
            return f"{where}: access denied ({code}); allow s3:PutObject, GetObject and DeleteObject on it"
        return f"{where}: the S3 server answered {code or 'an error'}; check FILE_STORE and its credentials"

    async def has(self, key: str) -> bool:
        """Whether the object exists."""
        try:
            await asyncio.to_thread(self._client.head_object, Bucket=self.bucket, Key=self._key(key))
        except ClientError as exc:
            if str(exc.response.get("Error", {}).get("Code")) in ("404", "NoSuchKey", "NotFound"):
                return False
            raise
        return True

    async def put(self, key: str, data: bytes, mime_type: str | None) -> None:
        """Upload the object (S3 writes are atomic: readers see all of it or nothing)."""
        extra = {"ContentType": mime_type} if mime_type else {}
        await asyncio.to_thread(
            self._client.put_object, Bucket=self.bucket, Key=self._key(key), Body=data, **extra
        )

    async def get(self, key: str) -> bytes:
        """Download the object."""
        answer = await asyncio.to_thread(self._client.get_object, Bucket=self.bucket, Key=self._key(key))
        return bytes(await asyncio.to_thread(answer["Body"].read))


def open_store(location: str, options: S3Options | None = None) -> FileStore:
    """The store FILE_STORE names: a folder path, file:///path, or s3://bucket/prefix. Touches nothing yet."""
    parts = urlsplit(location)
    if parts.scheme == "s3":
        if not parts.netloc:
            raise FileStoreError("FILE_STORE: an s3:// URL needs a bucket, e.g. s3://fieldbot-photos/prod")
        return S3Store(parts.netloc, unquote(parts.path), options or S3Options())
    if parts.scheme == "file":
        return FolderStore(Path(unquote(parts.path)))
    if parts.scheme and len(parts.scheme) > 1:  # one letter is a Windows drive, i.e. a folder
        raise FileStoreError(
            f"FILE_STORE: unknown kind of store {parts.scheme!r}; use a folder, file:///path or s3://bucket/prefix"
        )
    return FolderStore(Path(location).expanduser())
