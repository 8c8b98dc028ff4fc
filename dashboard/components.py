"""Building blocks every page uses: the page frame (header, navigation, language switch,
freshness line), chart cards (chart, sources, CSV link, table view) and small widgets."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode

import plotly.graph_objects as go
import polars as pl
from dash import dcc, html

from dashboard import theme
from dashboard.data import NoWarehouse, kept_snapshots, query, snapshot_info
from dashboard.i18n import t
from etl import settings
from etl.dates import format_partial_date

NAV = (
    ("/", "nav_overview"),
    ("/targets", "nav_targets"),
    ("/cooperation", "nav_cooperation"),
    ("/partner/KOR", "nav_partners"),
    ("/legal", "nav_legal"),
    ("/sources", "nav_sources"),
    ("/dictionary", "nav_dictionary"),
    ("/console", "nav_console"),
    ("/downloads", "nav_downloads"),
)


def url(path: str, lang: str, **params: Any) -> str:
    args = {"lang": lang, **{k: v for k, v in params.items() if v not in (None, "", [])}}
    return f"{path}?{urlencode(args, doseq=True)}"


def _when(iso: str | None, lang: str) -> str:
    if not iso:
        return "—"
    d = datetime.fromisoformat(iso)
    return f"{d:%d/%m/%Y %H:%M} UTC" if lang == "vi" else f"{d:%d %b %Y %H:%M} UTC"


def _freshness(lang: str, path: str, keep: Mapping[str, Any]) -> html.Div:
    """Data as of, snapshot and last refresh; warnings; links to earlier kept snapshots."""
    try:
        info = snapshot_info()
        latest = query("freshness").row(0, named=True)
        kept = kept_snapshots()
    except NoWarehouse:
        return html.Div(t("no_data", lang), className="banner banner-warn", role="alert")
    built = datetime.fromisoformat(info["finished_at"]).replace(tzinfo=UTC)
    age_days = (datetime.now(UTC) - built).days
    status = info.get("last_run_status")
    line = html.P(
        [
            html.Span(
                [
                    t("data_as_of", lang) + ": ",
                    html.Strong(
                        date_label(latest["latest_text"], latest["latest_precision"], lang)
                    ),
                ]
            ),
            html.Span(f" · {t('snapshot', lang)}: {_when(info['finished_at'], lang)}"),
            html.Span(
                f" · {t('last_refresh', lang)}: {_when(info.get('last_run_at'), lang)}"
                + (f" ({t('run_' + status, lang)})" if status else "")
            ),
        ],
        className="freshness",
        id="freshness",
        **{"data-snapshot": info["run_id"]},
    )
    notes: list[Any] = []
    base = {k: v for k, v in keep.items() if k != "asof"}
    if not info["is_current"]:
        notes.append(
            html.Div(
                [
                    t("viewing_asof", lang, when=_when(info["finished_at"], lang)) + " ",
                    html.A(t("back_to_current", lang), href=url(path, lang, **base)),
                ],
                className="banner banner-info",
                role="status",
                id="asof-banner",
            )
        )
    if status == "failed":
        notes.append(
            html.Div(
                t("warn_last_failed", lang, when=_when(info.get("last_run_at"), lang)),
                className="banner banner-warn",
                role="alert",
                id="refresh-failed-banner",
            )
        )
    max_age = int(settings.get("STI_MAX_DATA_AGE_DAYS"))
    if age_days > max_age:
        notes.append(
            html.Div(
                t("warn_stale", lang, days=max_age), className="banner banner-warn", role="alert"
            )
        )
    earlier = [r for r in kept if r != info["run_id"]]
    if earlier:
        notes.append(
            html.Details(
                [
                    html.Summary(t("earlier_versions", lang)),
                    html.Ul(
                        [
                            html.Li(
                                html.A(
                                    _when(_run_time(r), lang),
                                    href=url(path, lang, **base, asof=r),
                                )
                            )
                            for r in earlier
                        ],
                        className="versions",
                    ),
                ],
                className="versions-details",
            )
        )
    return html.Div([line, *notes], className="freshness-bar")


def _run_time(run_id: str) -> str:
    return datetime.strptime(run_id[:15], "%Y%m%dT%H%M%S").isoformat()


def page(
    lang: str, path: str, children: Any, query_args: Mapping[str, Any] | None = None
) -> html.Div:
    """The frame around a page's content, rendered on the server with the right language."""
    other = t("other_lang_code", lang)
    keep = {k: v for k, v in (query_args or {}).items() if k != "lang"}
    nav = html.Nav(
        html.Ul(
            [
                html.Li(
                    dcc.Link(
                        t(key, lang),
                        href=url(href, lang),
                        className="nav-link active" if _active(path, href) else "nav-link",
                    )
                )
                for href, key in NAV
            ]
        ),
        className="nav",
        **{"aria-label": t("app_title", lang)},
    )
    return html.Div(
        [
            html.A(t("skip", lang), href="#main-content", className="skip-link"),
            html.Header(
                [
                    html.Div(
                        [
                            html.P(t("app_title", lang), className="app-title"),
                            html.P(t("app_subtitle", lang), className="app-subtitle"),
                        ]
                    ),
                    html.A(
                        t("other_lang", lang),
                        href=url(path, other, **keep),
                        className="lang-switch",
                        id="lang-switch",
                        lang=other,
                        **{"data-lang": other},
                    ),
                ],
                className="header",
            ),
            nav,
            html.Main(
                [
                    _freshness(lang, path, keep),
                    *(children if isinstance(children, list) else [children]),
                ],
                id="main-content",
                className="main",
            ),
            html.Footer(t("footer", lang), className="footer"),
        ],
        lang=lang,
        className="page",
    )


def _active(path: str, href: str) -> bool:
    if href == "/":
        return path == "/"
    return path.startswith(href.rsplit("/", 1)[0] if href.startswith("/partner") else href)


def date_label(text: str | None, precision: str | None, lang: str, inferred: bool = False) -> str:
    return format_partial_date(text, precision, lang, inferred)


def sources_list(frame: pl.DataFrame, lang: str, cid: str) -> html.Div:
    """Sources under a chart: publisher, date and link, from rows of the ``sources`` query."""
    if frame.is_empty():
        return html.Div(id=f"{cid}-sources")
    items = []
    for r in frame.iter_rows(named=True):
        date = date_label(r["published_text"], r["published_precision"], lang)
        label = f"{r['publisher']} ({date})" if r["published_text"] else r["publisher"]
        desc = r[f"description_{lang}"]
        sid = html.Code(r["source_id"], className="source-id")  # the id hovers and CSVs cite
        if r["url"]:
            link = html.A(label, href=r["url"], target="_blank", rel="noopener")
            items.append(html.Li([sid, " ", link, f" — {desc}"]))
        else:
            no_link = r["url_note"] if lang == "en" else "Nguồn không kèm đường dẫn."
            items.append(html.Li([sid, f" {label} — {desc} ", html.Em(no_link or "")]))
    return html.Div(
        [
            html.H3(t("sources", lang), className="sources-title"),
            html.Ol(items, className="sources"),
        ],
        id=f"{cid}-sources",
    )


def data_table(
    frame: pl.DataFrame,
    columns: Mapping[str, str],
    lang: str,
    caption: str,
    limit: int = 200,
) -> html.Div:
    """An HTML table of ``frame`` (the text alternative of a chart); ``columns`` maps column
    names to their headings."""
    shown = frame.head(limit)
    head = html.Thead(html.Tr([html.Th(label, scope="col") for label in columns.values()]))
    body = html.Tbody(
        [html.Tr([html.Td(_cell(r[c])) for c in columns]) for r in shown.iter_rows(named=True)]
    )
    note = (
        html.P(t("rows_shown", lang, n=shown.height, total=frame.height), className="muted")
        if frame.height > limit
        else None
    )
    return html.Div(
        [html.Table([html.Caption(caption), head, body], className="data-table"), note],
        className="table-wrap",
        tabIndex="0",  # a scrolling region must be reachable by keyboard
        role="region",
        **{"aria-label": caption},
    )


def _cell(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    return str(value)


def chart_card(
    cid: str,
    title: str,
    figure: go.Figure,
    *,
    lang: str,
    table: html.Div,
    sources: html.Div,
    csv_href: str,
    note: str | None = None,
    controls: Sequence[Any] = (),
) -> html.Section:
    """A chart with everything needed to cite and reuse it."""
    return html.Section(
        [
            html.H2(title, id=f"{cid}-title"),
            html.P(note, className="chart-note") if note else None,
            *controls,
            dcc.Graph(
                id=f"{cid}-graph",
                figure=figure,
                config=theme.graph_config(cid),
                className="graph",
                style={"height": f"{figure.layout.height or 380}px"},
            ),
            html.Div(
                html.A(
                    t("download_csv", lang),
                    href=csv_href,
                    id=f"{cid}-csv",
                    className="button-link",
                    download=f"{cid}.csv",
                ),
                className="card-actions",
            ),
            html.Details(
                [html.Summary(t("table_view", lang)), html.Div(table, id=f"{cid}-table")],
                className="table-details",
            ),
            sources,
        ],
        className="card",
        id=f"{cid}-card",
        **{"aria-labelledby": f"{cid}-title"},
    )


def stat(label: str, value: Any, detail: str | None = None, cid: str | None = None) -> html.Div:
    """A headline number."""
    return html.Div(
        [
            html.P(str(value), className="stat-value"),
            html.P(label, className="stat-label"),
            html.P(detail, className="stat-detail") if detail else None,
        ],
        className="stat",
        id=cid,
    )


def badge(text: str, colour: str) -> html.Span:
    return html.Span(text, className="badge", style={"borderColor": colour, "--badge": colour})
