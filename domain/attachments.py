"""Attachments (*vedlegg*): reports, agreements and answers as files — PDF, Office
documents and images up to a size limit. The type is read from the content, never from
the name; the content is kept by its SHA-256, which every download is checked against."""

from __future__ import annotations

import hashlib
import zipfile
from dataclasses import dataclass
from io import BytesIO
from typing import Final

from domain import text
from domain.errors import InvalidInput
from domain.text import require_text

MAX_ATTACHMENT_BYTES: Final = 10 * 1024 * 1024
PDF, PNG, JPEG = "application/pdf", "image/png", "image/jpeg"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
ODT, ODS = "application/vnd.oasis.opendocument.text", "application/vnd.oasis.opendocument.spreadsheet"
MEDIA_TYPES: Final = (PDF, PNG, JPEG, DOCX, XLSX, PPTX, ODT, ODS)
_OOXML: Final = {"word/": DOCX, "xl/": XLSX, "ppt/": PPTX}


@dataclass(frozen=True)
class Attachment:
    """A file kept with an application: its content's SHA-256, name, size and type."""

    sha256: str
    name: str
    size: int
    media_type: str
    #: The sender says it holds business secrets: exempt from public access (absent from older files).
    business_secret: bool = False


def sniff(content: bytes) -> str | None:
    """The media type the content itself shows (None: not a kind we accept)."""
    if content.startswith(b"%PDF-"):
        return PDF
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if content.startswith(b"\xff\xd8\xff"):
        return JPEG
    if content.startswith(b"PK\x03\x04"):
        return _zipped(content)
    return None


def _zipped(content: bytes) -> str | None:
    try:
        with zipfile.ZipFile(BytesIO(content)) as archive:
            names = archive.namelist()
            if "mimetype" in names and archive.getinfo("mimetype").file_size < 100:
                declared = archive.read("mimetype").decode("ascii", "replace").strip()
                return declared if declared in (ODT, ODS) else None
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    return next((kind for prefix, kind in _OOXML.items() if any(n.startswith(prefix) for n in names)), None)


def attachment_of(content: bytes, name: str, business_secret: bool = False) -> Attachment:
    """The attachment for this content and file name, or `InvalidInput` saying why not."""
    if not content:
        raise InvalidInput("file", "is empty")
    if len(content) > MAX_ATTACHMENT_BYTES:
        raise InvalidInput("file", f"is larger than {MAX_ATTACHMENT_BYTES // (1024 * 1024)} MB")
    kind = sniff(content)
    if kind is None:
        raise InvalidInput("file", "is not a PDF, an Office document or a PNG or JPEG image")
    return Attachment(hashlib.sha256(content).hexdigest(), require_text(name, "name", text.NAME), len(content), kind,
                      business_secret)
