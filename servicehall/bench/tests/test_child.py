"""The bench's import child reports its own peak memory, not its parent's (issue 24 part 1:
the 2M import's "961 MiB" of 2026-12-07 was the bench's phase process's peak)."""

from __future__ import annotations

import subprocess
import sys


def test_the_childs_peak_rss_is_its_own_not_the_peak_of_the_process_that_started_it() -> None:
    held = bytearray(300 << 20)  # the parent's 300 MiB, resident
    for i in range(0, len(held), 4096):
        held[i] = 1
    done = subprocess.run(
        [sys.executable, "-c", "from servicehall.bench.child import peak_rss_mib as p; print(p())"],
        capture_output=True,
        text=True,
        check=True,
    )
    del held
    # getrusage's ru_maxrss said ≥ 300 here: Linux keeps the parent's peak across exec.
    assert float(done.stdout) < 150, done.stdout
