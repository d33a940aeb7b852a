"""The script a report is printed in (繁简): traditional characters read as simplified.

A report printed in traditional characters (a mirror host's page, a Hong Kong or Taiwan
republication) says 辦結率達99% where the reader's words are 办结率达; OpenCC's ``t2s``
table turns it into the simplified text the rules are written for, character for character.
"""

from __future__ import annotations

from functools import cache

import opencc

__all__ = ["is_traditional", "to_simplified"]

# One Chinese character in fifty printed in a form t2s changes: a traditional text, not a
# simplified one that quotes a name (乾县) in the old form.
_SHARE = 0.02


@cache
def _converter() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """The text in simplified characters (辦結率達 → 办结率达); simplified text is unchanged."""
    return _converter().convert(text) if text else text


def is_traditional(text: str) -> bool:
    """Whether a text is printed in traditional characters (at least one in fifty of its
    Chinese characters, and three or more, in a form OpenCC's t2s changes)."""
    chinese = "".join(c for c in text if "\u4e00" <= c <= "\u9fff")
    if not chinese:
        return False
    converted = to_simplified(chinese)
    if len(converted) != len(chinese):
        return True  # t2s rewrote a phrase: there were traditional forms to rewrite
    marks = sum(1 for old, new in zip(chinese, converted, strict=True) if old != new)
    return marks >= 3 and marks / len(chinese) >= _SHARE
