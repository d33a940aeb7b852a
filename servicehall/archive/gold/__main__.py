"""Print the gold set's scores: ``python -m servicehall.archive.gold [txt docx pdf] [-v]``."""

import os
import sys

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "servicehall.settings")
django.setup()

from servicehall.archive.gold import FORMATS, score  # noqa: E402

arguments = sys.argv[1:]
verbose = "-v" in arguments
for fmt in [a for a in arguments if a in FORMATS] or FORMATS:
    result = score(fmt)
    print(result.line())
    if verbose:
        print("\n".join(f"  {miss}" for miss in result.misses))
