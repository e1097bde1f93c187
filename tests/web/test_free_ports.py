"""The ports the tests and benchmarks start their servers on."""

from __future__ import annotations

import socket

from workloads.servers import free_ports


def test_ports_chosen_together_are_all_different_and_free() -> None:
    """Four hundred ports asked for at once: each released at once, the kernel hands the
    same port out twice within a few hundred picks (a birthday among ~14 000), and
    a server started on a duplicate cannot bind while the other answers in its place."""
    ports = free_ports(400)
    assert len(set(ports)) == 400
    for port in ports[:20]:
        with socket.socket() as s:
            s.bind(("127.0.0.1", port))  # nobody holds it any more
