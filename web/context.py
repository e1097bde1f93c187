"""What every request works with: the application service, the read models, and how
the read models are kept up to date (in this process, or by a projection worker)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

from flask import current_app, g, request

from application.service import Grants
from infrastructure.blobs import BlobStore
from readmodels.positions import Positions
from readmodels.service import ReadModels
from web.idempotency import IdempotencyStore
from web.page_sessions import PageSessions

EXTENSION = "tilskudd"


@dataclass
class Services:
    """The grant system behind one web app.

    `inline`: this process brings the read models up to date itself, before a query and
    after a command (the embedded default). Otherwise a projection worker does, and
    queries wait for `X-Min-Position`. `max_lag`: how many positions a projection may
    trail before /readyz answers 503."""

    grants: Grants
    models: ReadModels
    idempotency: IdempotencyStore
    page_sessions: PageSessions
    inline: bool = True
    max_lag: int = 1000
    blobs: BlobStore | None = None

    @property
    def files(self) -> BlobStore:
        """The stored contents of attachments (created on first use)."""
        if self.blobs is None:
            self.blobs = BlobStore(self.models.engine)
        return self.blobs

    def close(self) -> None:
        """Release database connections."""
        self.page_sessions.close()
        self.models.close()
        self.grants.close()


def services() -> Services:
    """The services of the app handling the current request."""
    return cast(Services, current_app.extensions[EXTENSION])


#: Where the answer gate (`web.answers`) leaves the positions it read, for the app to use.
POSITIONS_READ = "tilskudd.positions"


def positions(fresh: bool = False) -> Positions:
    """The read models' positions and the log's head for the current request: read once,
    in one statement, by whoever asks first (the answer gate, authentication, the query);
    again with `fresh`."""
    if fresh or "positions" not in g:
        read = None if fresh else request.environ.get(POSITIONS_READ)
        g.positions = read if isinstance(read, Positions) else services().models.positions()
    found: Positions = g.positions
    return found
