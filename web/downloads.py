"""A kept file as a download, the same from the API and the pages."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from flask import Response


def file_response(found: dict[str, Any], content: bytes) -> Response:
    """A kept file as a download: its stored type, never sniffed; its name as an ASCII
    fallback (`filename`) and exactly, UTF-8 encoded (`filename*`, RFC 6266), so
    «Sluttrapport Bodø.pdf» arrives with its ø."""
    name = str(found["name"])[:150]
    plain = "".join(c if c.isascii() and c.isprintable() and c not in '"\\' else "_" for c in name)
    exact = quote(name, safe="")
    return Response(content, content_type=found["media_type"], headers={
        "Content-Disposition": f"attachment; filename=\"{plain}\"; filename*=UTF-8''{exact}",
        "X-Content-Type-Options": "nosniff", "Digest": f"sha-256={found['sha256']}"})
