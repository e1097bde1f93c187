"""The contract kept in the repository (docs/openapi.json) is the one the code serves."""

from __future__ import annotations

from pathlib import Path

from web.openapi import document_json

DOCUMENT = Path(__file__).resolve().parents[2] / "docs" / "openapi.json"


def test_docs_openapi_json_is_the_document_the_server_serves() -> None:
    assert DOCUMENT.read_text(encoding="utf-8") == document_json(), "run `make openapi` and commit docs/openapi.json"
