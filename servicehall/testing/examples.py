"""How many examples a Hypothesis test draws: its full count in ``make test``, a fifth of it in
``make check`` (the fast loop, issue 24).

The root conftest registers the profile ``check`` (Hypothesis' own 100 examples cut to 20);
``make check`` loads it with ``--hypothesis-profile=check``. A count written in a test's
``@settings`` would override any profile, so a test writes ``examples(150)`` instead: 150 in the
full suite, 30 in the fast loop, never fewer than ``FLOOR``.
"""

from __future__ import annotations

from hypothesis import settings

# Hypothesis' default count: a profile's ``max_examples`` over it is the share a test draws.
DEFAULT_EXAMPLES = 100
# The fast loop's profile draws this many per hundred.
CHECK_EXAMPLES = 20
FLOOR = 10


def examples(full: int) -> int:
    """``full`` under the default profile, the loaded profile's share of it otherwise."""
    share = settings().max_examples  # a settings object made now inherits the loaded profile
    if share >= DEFAULT_EXAMPLES:
        return full
    return max(FLOOR, full * share // DEFAULT_EXAMPLES)
