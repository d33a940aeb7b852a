"""What an upper app adds to the pages of a lower one (首页面板、菜单项与菜单计数).

The home page belongs to ``figures`` and the menu to ``core``; what waits for a leader's
approval belongs to ``reports``, above both. Neither may import it, so ``reports`` registers
here when Django starts; and every app registers its own menu entries (``register_menu_entry``) (its ``AppConfig.ready``, as ``core.office`` does for the PDF
converter): a panel the home page renders, and a count the menu prints beside an entry. Without
the app installed the home page and the menu simply show neither.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest

from servicehall.core.roles import Role

# A panel: the HTML it renders for this request, "" when it has nothing to show.
HomePanel = Callable[[HttpRequest], str]
# A count: how many things wait for this user behind a menu entry (0: no badge).
MenuCount = Callable[[Any], int]

_panels: dict[str, HomePanel] = {}
_counts: dict[str, MenuCount] = {}


def register_home_panel(name: str, panel: HomePanel) -> None:
    """Show ``panel`` on the home page (once per ``name``: registering again replaces it)."""
    _panels[name] = panel


def home_panels(request: HttpRequest) -> list[str]:
    """The registered panels' HTML for ``request``, in registration order, empty ones left out."""
    return [html for panel in _panels.values() if (html := panel(request))]


def register_menu_count(target: str, count: MenuCount) -> None:
    """Print ``count(user)`` beside the menu entry whose URL name is ``target``."""
    _counts[target] = count


def menu_count(target: str, user: Any) -> int:
    """The count registered for the menu entry ``target`` (0 when none is)."""
    count = _counts.get(target)
    return count(user) if count is not None else 0


@dataclass(frozen=True)
class MenuEntry:
    """One entry of the menu (菜单项): its place, its label, a URL name or path, and the roles
    that see it (None: every role). Each app registers its own (``AppConfig.ready``)."""

    order: int
    label: str
    target: str
    roles: frozenset[Role] | None = None


_entries: dict[str, MenuEntry] = {}


def register_menu_entry(
    order: int, label: str, target: str, roles: Iterable[Role] | None = None
) -> None:
    """Put ``label`` in the menu at ``order`` (lower first), linking to ``target``."""
    _entries[target] = MenuEntry(order, label, target, frozenset(roles) if roles else None)


def menu_entries() -> list[MenuEntry]:
    """The registered menu entries, in their order."""
    return sorted(_entries.values(), key=lambda entry: (entry.order, entry.label))
