"""Guessing limits hold across processes: behind a proxy, one address's wrong join codes reach
several processes, and each must see the others' count (it lives in Redis, not in memory)."""

from __future__ import annotations

import requests


def test_wrong_join_codes_count_across_both_processes(cluster):
    first, second = cluster
    for n in range(30):  # the default limit: 30 wrong codes a minute from one address
        server = first if n % 2 else second
        assert requests.get(f"{server.url}/j/NOPE{n}", timeout=5).status_code == 404

    for server in (first, second):
        refused = requests.get(f"{server.url}/j/NOPE99", timeout=5)
        assert refused.status_code == 429
        assert "Wait a minute" in refused.text
