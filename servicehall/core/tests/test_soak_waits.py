"""How `make soak` tells a login's wait during an import from its password hash slowed by the
machine's other work (servicehall.bench.soak.Waits)."""

from __future__ import annotations

import pytest

from servicehall.bench.soak import Waits


def test_a_logins_wait_beyond_cpu_takes_away_its_hashs_slowdown_only() -> None:
    waits = Waits(rest_login=0.3, rest_hash=0.25)
    # Three logins during the import, each with how much slower the same hash ran around it.
    waits.logins = [0.5, 1.9, 1.6]
    waits.hash_slowdowns = [0.0, 0.7, 0.0]
    assert waits.longest_wait()[1] == pytest.approx(1.6)  # 1.9 - 0.3: everything
    # 1.9 s with its hash 0.7 s slower is a 0.9 s wait; 1.6 s with the hash at speed stays 1.3 s.
    assert waits.longest_login_wait_beyond_cpu() == pytest.approx(1.3)
    assert waits.median_login_wait() == pytest.approx(1.3)
    assert Waits().longest_login_wait_beyond_cpu() == 0.0
