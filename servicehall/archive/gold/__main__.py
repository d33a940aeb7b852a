"""Print the gold sets' scores: ``python -m servicehall.archive.gold [txt docx pdf] [-v]``.

Every set (the written one, the real train and test sets) in every format asked (all three by
default); ``-v`` lists each disagreement.
"""

import os
import sys

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "servicehall.settings")
django.setup()

from servicehall.archive.gold import FORMATS, SETS, load, score  # noqa: E402

arguments = sys.argv[1:]
verbose = "-v" in arguments
sets = [name for name in SETS if name.replace(" ", "-") in arguments] or list(SETS)
for name in sets:
    reports = load(SETS[name])
    print(f"{name} ({len(reports)} reports)")
    for fmt in [a for a in arguments if a in FORMATS] or FORMATS:
        result = score(fmt, reports)
        print(f"  {result.line()}")
        if verbose:
            print("\n".join(f"    {miss}" for miss in result.misses))
