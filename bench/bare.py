"""The HTTP baseline: a bare Flask app answering constant JSON bodies of given sizes,
served by the same gunicorn setup as `grants serve` (`web.serve.run_gunicorn`).

    python -m bench.bare --port PORT --workers 2 --size NAME=BYTES [--size ...]

Each `--size` adds `GET /bare/NAME` answering a JSON body of exactly BYTES bytes.
"""

from __future__ import annotations

import argparse
import json

from flask import Flask, Response

from web.serve import run_gunicorn


def constant_json(size: int) -> bytes:
    """A JSON object of exactly `size` bytes (at least 16)."""
    empty = len(json.dumps({"padding": ""}).encode())
    body = json.dumps({"padding": "x" * max(0, size - empty)}).encode()
    assert len(body) == max(size, empty)
    return body


def create_app(sizes: dict[str, int]) -> Flask:
    """A Flask app with one constant JSON view per name."""
    app = Flask(__name__)
    for name, size in sizes.items():
        body = constant_json(size)

        def view(body: bytes = body) -> Response:
            return Response(body, mimetype="application/json")

        app.add_url_rule(f"/bare/{name}", f"bare_{name}", view)
    app.add_url_rule("/healthz", "healthz", lambda: Response(b'{"status": "ok"}', mimetype="application/json"))
    return app


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--size", action="append", default=[], metavar="NAME=BYTES")
    args = parser.parse_args(argv)
    sizes = {name: int(size) for name, _, size in (item.partition("=") for item in args.size)}
    run_gunicorn("127.0.0.1", args.port, args.workers, lambda: create_app(sizes))


if __name__ == "__main__":
    main()
