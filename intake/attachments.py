"""Files a citizen attaches to a web appeal: what is accepted, and why.

Only photos (JPEG, PNG) and PDF documents are taken, recognised by their first bytes rather
than by the name or the type the browser claims, so a renamed executable is refused. The
bytes are kept in intake's `attachment` table, written in the same transaction as the
submission and its event: an appeal is never registered with a file that was not saved,
and no file is left behind by an appeal that was not. The count and size limits keep that
table bounded (5 files × 5 MB by default).
"""

from __future__ import annotations

import hashlib
import re
import uuid
from dataclasses import dataclass
from typing import Literal

from shared.events import AttachmentRef

SIGNATURES: tuple[tuple[bytes, str, str], ...] = (
    (b"\xff\xd8\xff", "image/jpeg", ".jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", ".png"),
    (b"%PDF-", "application/pdf", ".pdf"),
)
AttachmentProblem = Literal["too_many", "too_large", "wrong_type", "empty"]
_UNSAFE_NAME = re.compile(r"[^\w.\- ]+", re.UNICODE)


@dataclass(frozen=True)
class IncomingFile:
    filename: str
    content: bytes


@dataclass(frozen=True)
class CheckedFile:
    id: uuid.UUID
    filename: str
    content_type: str
    content: bytes
    sha256: str

    def reference(self) -> AttachmentRef:
        return AttachmentRef(
            file_name=self.filename,
            content_type=self.content_type,
            size_bytes=len(self.content),
            sha256=self.sha256,
            storage_ref=f"intake:attachment/{self.id}",
        )


@dataclass(frozen=True)
class RefusedFile:
    filename: str
    problem: AttachmentProblem


def sniff_content_type(content: bytes) -> tuple[str, str] | None:
    for signature, content_type, extension in SIGNATURES:
        if content.startswith(signature):
            return content_type, extension
    return None


def safe_filename(raw: str, extension: str) -> str:
    """A name that is safe to show and to send back in a download header."""
    base = raw.replace("\\", "/").rsplit("/", 1)[-1]
    base = _UNSAFE_NAME.sub("_", base).strip(" .") or "file"
    stem = base.rsplit(".", 1)[0] if "." in base else base
    return f"{stem[:100]}{extension}"


def check_files(
    files: list[IncomingFile], *, max_count: int, max_bytes: int
) -> tuple[list[CheckedFile], list[RefusedFile]]:
    """Accept what fits the rules; name each refused file and the reason."""
    present = [file for file in files if file.filename or file.content]
    if len(present) > max_count:
        return [], [RefusedFile(filename="", problem="too_many")]
    accepted: list[CheckedFile] = []
    refused: list[RefusedFile] = []
    for file in present:
        if not file.content:
            refused.append(RefusedFile(file.filename, "empty"))
            continue
        if len(file.content) > max_bytes:
            refused.append(RefusedFile(file.filename, "too_large"))
            continue
        sniffed = sniff_content_type(file.content)
        if sniffed is None:
            refused.append(RefusedFile(file.filename, "wrong_type"))
            continue
        content_type, extension = sniffed
        accepted.append(
            CheckedFile(
                id=uuid.uuid4(),
                filename=safe_filename(file.filename, extension),
                content_type=content_type,
                content=file.content,
                sha256=hashlib.sha256(file.content).hexdigest(),
            )
        )
    return accepted, refused
