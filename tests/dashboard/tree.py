"""Reading a rendered Dash layout in tests: every component, one by id, the text shown."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any


def walk(component: Any) -> Iterator[Any]:
    """``component`` and everything under it, depth first (lists and plain values included)."""
    if isinstance(component, list | tuple):
        for child in component:
            yield from walk(child)
        return
    yield component
    children = getattr(component, "children", None)
    if children is None:
        return
    for child in children if isinstance(children, list | tuple) else [children]:
        yield from walk(child)


def by_id(root: Any, cid: Any) -> Any:
    found = [c for c in walk(root) if getattr(c, "id", None) == cid]
    assert found, f"no component with id {cid}"
    return found[0]


def text_of(component: Any) -> str:
    return " ".join(str(c) for c in walk(component) if isinstance(c, str | int | float))
