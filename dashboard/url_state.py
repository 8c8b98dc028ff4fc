"""Filters and selections live in the URL, so a copied link reopens the same view.

A page calls :func:`register` once at import with the query keys of its controls; the layout
includes :func:`store`. When a control changes, a clientside callback rewrites the query string
with ``history.replaceState`` (no reload, no re-render) and points the language switch at the
same view in the other language. Opening the link calls the page's ``layout`` with those query
arguments, which sets the controls and draws the figures from them.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from dash import Input, Output, clientside_callback, dcc

_SCRIPT = """
function(...values) {
    const keys = %s;
    const params = new URLSearchParams(window.location.search);
    keys.forEach((key, i) => {
        const v = values[i];
        const empty = v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);
        if (empty) { params.delete(key); } else { params.set(key, Array.isArray(v) ? v.join(',') : v); }
    });
    const qs = params.toString();
    window.history.replaceState(window.history.state, '', window.location.pathname + (qs ? '?' + qs : ''));
    const sw = document.getElementById('lang-switch');
    if (sw) {
        const other = new URLSearchParams(params);
        other.set('lang', sw.getAttribute('data-lang') || 'en');
        sw.setAttribute('href', window.location.pathname + '?' + other.toString());
    }
    return qs;
}
"""


def register(page_id: str, controls: Mapping[str, str]) -> None:
    """Keep ``controls`` (query key -> component id, whose ``value`` is synced) in the URL."""
    clientside_callback(
        _SCRIPT % json.dumps(list(controls)),
        Output(f"{page_id}-url-state", "data"),
        [Input(cid, "value") for cid in controls.values()],
    )


def store(page_id: str) -> dcc.Store:
    return dcc.Store(id=f"{page_id}-url-state")


def split(value: str | None) -> list[str]:
    """A multi-value query argument ('a,b') as a list."""
    return [v for v in (value or "").split(",") if v]
