"""Filter chips: a labelled group of toggle buttons whose selection lives in a hidden input.

Native buttons with ``aria-pressed`` are keyboard-reachable and read by screen readers; Dash 4's
dcc.Dropdown and dcc.Checklist fail axe-core (an aria-hidden focusable input; unnamed listboxes
with nested checkboxes). The selection is kept comma-joined in a hidden ``dcc.Input`` with the
group's id, which url_state syncs with the URL and page callbacks take as their Input. A click is
handled in the browser (:func:`register`): it flips the button and rewrites the input.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import dash
from dash import ALL, Input, Output, State, dcc, html

# Toggling a chip flips its aria-pressed and rewrites the hidden input holding the selection.
_TOGGLE = """function(clicks, pressed, ids) {
    const trig = dash_clientside.callback_context.triggered_id;
    const next = ids.map((id, i) => {
        const on = pressed[i] === 'true' || pressed[i] === true;
        return (trig && id.value === trig.value) ? !on : on;
    });
    const value = ids.filter((id, i) => next[i]).map(id => id.value).join(',');
    return [value, next.map(on => (on ? 'true' : 'false'))];
}"""


def chip_group(
    cid: str,
    label: str,
    options: list[dict[str, str]],
    value: list[str],
    *,
    prefix: str,
    fieldset_class: str,
    legend_class: str | None = None,
    shown: int | None = None,
    more_label: Callable[[int], str] | None = None,
) -> html.Fieldset:
    """The chips of ``options`` (``value``, ``label``) with those in ``value`` pressed. With
    ``shown``, the chips past the first ``shown`` sit in a "more" section (``more_label(n)``),
    open when one of them is pressed. CSS classes: ``<prefix>-chip`` and ``<prefix>-chips``."""
    chips = [
        html.Button(
            o["label"],
            id={"type": f"{cid}-chip", "value": o["value"]},
            n_clicks=0,
            type="button",
            className=f"{prefix}-chip",
            **{"aria-pressed": "true" if o["value"] in value else "false"},
        )
        for o in options
    ]
    cut = len(chips) if shown is None else shown
    more = None
    if len(chips) > cut:
        more = html.Details(
            [
                html.Summary(more_label(len(chips) - cut) if more_label else "…"),
                html.Div(chips[cut:], className=f"{prefix}-chips"),
            ],
            className=f"{prefix}-chips-more",
            open=any(o["value"] in value for o in options[cut:]),
        )
    return html.Fieldset(
        [
            html.Legend(label, id=f"{cid}-label", className=legend_class),
            html.Div(chips[:cut], className=f"{prefix}-chips"),
            more,
            dcc.Input(id=cid, type="hidden", value=",".join(value)),
        ],
        className=fieldset_class,
    )


def register(cids: Iterable[str]) -> None:
    """The browser-side click handler of each chip group (call once, at a page's import)."""
    for cid in cids:
        dash.clientside_callback(
            _TOGGLE,
            Output(cid, "value"),
            Output({"type": f"{cid}-chip", "value": ALL}, "aria-pressed"),
            Input({"type": f"{cid}-chip", "value": ALL}, "n_clicks"),
            State({"type": f"{cid}-chip", "value": ALL}, "aria-pressed"),
            State({"type": f"{cid}-chip", "value": ALL}, "id"),
            prevent_initial_call=True,
        )
