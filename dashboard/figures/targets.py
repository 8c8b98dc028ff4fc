"""Figures of the targets page: one target's observed series against its value or band, with
the linear path required from the base observation; and a related indicator shown beside a
target that has no measurement of its own (pure: frames in, ``go.Figure`` out, no Dash)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

import plotly.graph_objects as go
import polars as pl

from dashboard import theme
from dashboard.figures.common import empty_figure, fmt_value
from dashboard.i18n import t, tr
from etl.dates import format_partial_date

# Whose measure a value is: marker and colour tell them apart (shape for colour-blind readers).
MEASURES: dict[str, dict[str, Any]] = {
    "apnic": {"symbol": "circle", "colour": theme.OKABE_ITO["blue"]},
    "vnnic": {"symbol": "diamond", "colour": theme.OKABE_ITO["orange"]},
    "official": {"symbol": "square", "colour": theme.OKABE_ITO["vermillion"]},
    "survey": {"symbol": "triangle-up", "colour": theme.OKABE_ITO["green"]},
    "unspecified": {"symbol": "x", "colour": theme.OKABE_ITO["purple"]},
}
OTHER_MEASURE = {"symbol": "square-open", "colour": theme.OKABE_ITO["black"]}
TARGET_COLOUR = theme.OKABE_ITO["green"]

# fmt: off
TEXT = {
    "measure_apnic": {"vi": "APNIC, số đo hằng tháng", "en": "APNIC monthly measurement"},
    "measure_vnnic": {"vi": "VNNIC", "en": "VNNIC"},
    "measure_official": {"vi": "Số liệu chính thức", "en": "Official figure"},
    "measure_survey": {"vi": "Khảo sát", "en": "Survey"},
    "measure_unspecified": {"vi": "Khác, không nêu đơn vị đo", "en": "Other, measure not stated"},
    "goal_range": {"vi": "{low}–{high}", "en": "{low}–{high}"},
    "goal_at_least": {"vi": "ít nhất {low}", "en": "at least {low}"},
    "goal_at_most": {"vi": "nhiều nhất {low}", "en": "at most {low}"},
    "goal_rank_at_most": {"vi": "{low} hoặc tốt hơn", "en": "{low} or better"},
    "by": {"vi": "vào {when}", "en": "by {when}"},
    "no_deadline": {"vi": "không nêu thời hạn", "en": "no deadline stated"},
    "target_band": {"vi": "Vùng mục tiêu {goal}", "en": "Target band {goal}"},
    "target_line": {"vi": "Mục tiêu: {goal}", "en": "Target: {goal}"},
    "path": {"vi": "Lộ trình tuyến tính cần có từ mốc gốc ({when}, {value})", "en": "Linear path required from the base ({when}, {value})"},
    "path_hover": {"vi": "Lộ trình cần có: {start} → {end}<br>{pace} mỗi năm", "en": "Required path: {start} → {end}<br>{pace} a year"},
    "deadline": {"vi": "Thời hạn {when}", "en": "Deadline {when}"},
    "source": {"vi": "Nguồn", "en": "Source"},
    "confidence": {"vi": "Độ tin cậy", "en": "Confidence"},
    "after_deadline": {"vi": "Sau thời hạn: không tính vào trạng thái", "en": "After the deadline: not counted in the status"},
    "year_mean": {"vi": "trung bình {value} của {n} giá trị trong năm (thấp nhất {low}, cao nhất {high})", "en": "mean {value} of {n} values in the year (lowest {low}, highest {high})"},
    "range_note": {"vi": "nguồn nêu khoảng {low}–{high}", "en": "source gives {low}–{high}"},
    "rank_axis": {"vi": "{label} (1 là cao nhất; càng thấp càng tốt)", "en": "{label} (1 = best; lower is better)"},
    "not_target": {"vi": "Chỉ tiêu khác, không phải chỉ tiêu của mục tiêu", "en": "A different indicator, not the target's"},
    "change_percent": {"vi": "điểm phần trăm", "en": "percentage points"},
    "change_rank": {"vi": "bậc", "en": "places"},
    "k_latest": {"vi": "Số đo mới nhất", "en": "Latest value"},
    "k_goal": {"vi": "Mục tiêu", "en": "Target"},
    "k_gap": {"vi": "Khoảng cách", "en": "Gap"},
    "k_observed": {"vi": "Tốc độ quan sát được", "en": "Observed pace"},
    "k_required": {"vi": "Tốc độ cần có từ mốc gốc", "en": "Pace required from the base"},
    "k_required_now": {"vi": "Tốc độ cần có từ nay", "en": "Pace now required"},
    "k_ratio": {"vi": "Tỷ số tốc độ", "en": "Pace ratio"},
    "k_legal": {"vi": "Cơ sở pháp lý", "en": "Legal basis"},
    "latest": {"vi": "{value} ({period}; {measure}; nguồn {source})", "en": "{value} in {period} ({measure}; source {source})"},
    "also": {"vi": "Cùng kỳ, nguồn khác: {items}.", "en": "Also reported for the same period: {items}."},
    "also_item": {"vi": "{value} ({measure}; nguồn {source})", "en": "{value} ({measure}; source {source})"},
    "gap_short": {"vi": "còn thiếu {n} so với mục tiêu {goal}", "en": "{n} short of the target ({goal})"},
    "gap_met": {"vi": "đã đạt: vượt {n} so với mục tiêu ({goal})", "en": "met: {n} beyond the target ({goal})"},
    "observed": {"vi": "{pace} mỗi năm (từ {start} đến {end})", "en": "{pace} a year (from {start} to {end})"},
    "required": {"vi": "{pace} mỗi năm (từ {base} vào {start} đến {goal} vào {end})", "en": "{pace} a year (from {base} in {start} to {goal} by {end})"},
    "required_now": {"vi": "{pace} mỗi năm (từ {start} đến {end})", "en": "{pace} a year (from {start} to {end})"},
    "now_met": {"vi": "không cần: mục tiêu đã đạt", "en": "none: the target is already met"},
    "now_past": {"vi": "không tính: đã quá thời hạn", "en": "not computed: the deadline has passed"},
    "now_none": {"vi": "không tính được: thiếu thời hạn hoặc số đo", "en": "not computed: no deadline or no measurement"},
    "not_computed": {"vi": "không tính được (cần ít nhất hai số đo và một thời hạn)", "en": "not computed (needs two observations and a deadline)"},
    "ratio": {"vi": "{ratio} (tốc độ quan sát ÷ tốc độ cần có)", "en": "{ratio} (observed ÷ required pace)"},
}
# fmt: on


def measure_label(measure: str, lang: str) -> str:
    return tr(TEXT, f"measure_{measure}", lang) if f"measure_{measure}" in TEXT else measure


def period_label(text: str | None, precision: str | None, lang: str) -> str:
    return format_partial_date(text, precision, lang)


def round_value(value: float | None, unit: str, decimals: int, lang: str) -> str:
    """A target value as written: no decimals when it is a whole number ('90 %', not '90.0 %')."""
    whole = value is not None and float(value).is_integer()
    return fmt_value(value, unit, 0 if whole else decimals, lang)


def goal_label(target: Mapping[str, Any], lang: str) -> str:
    """The target value or band in words, e.g. '90–100 %', 'at least 65 %', 'rank 20 or better'."""
    unit, dec, comparison = target["unit"], target["decimals"], target["comparison"]
    low = round_value(target["value_low"], unit, dec, lang)
    high = round_value(target["value_high"], unit, dec, lang)
    if comparison == "range" and unit == "percent":
        low = round_value(target["value_low"], "count", dec, lang)
    return tr(TEXT, f"goal_{comparison}", lang, low=low, high=high)


def deadline_label(target: Mapping[str, Any], lang: str) -> str:
    if not target.get("deadline_text"):
        return tr(TEXT, "no_deadline", lang)
    return period_label(target["deadline_text"], target.get("deadline_precision") or "year", lang)


def goal_with_deadline(target: Mapping[str, Any], lang: str) -> str:
    goal = goal_label(target, lang)
    if not target.get("deadline_text"):
        return f"{goal} ({tr(TEXT, 'no_deadline', lang)})"
    return f"{goal} {tr(TEXT, 'by', lang, when=deadline_label(target, lang))}"


def fmt_change(value: float | None, unit: str, decimals: int, lang: str) -> str:
    """A signed change with its unit: '+4.3 percentage points', '−0.7 places'."""
    if value is None:
        return "—"
    sign = "+" if value > 0 else "−" if value < 0 else "±"
    number = fmt_value(abs(value), "count", decimals, lang)
    key = f"change_{unit}"
    unit_words = tr(TEXT, key, lang) if key in TEXT else t(f"unit_{unit}", lang)
    return f"{sign}{number} {unit_words}".strip()


def latest_words(r: Mapping[str, Any], series: pl.DataFrame, lang: str) -> str:
    """The latest value with its period, measure and source, and any other figure reported for
    the same period by another source."""
    unit, dec = r["unit"], r["decimals"]
    words = tr(
        TEXT, "latest", lang, value=fmt_value(r["latest_value"], unit, dec, lang),
        period=period_label(r["latest_period_text"], r["latest_period_precision"], lang),
        measure=measure_label(r["latest_measure"], lang), source=r["latest_source_id"],
    )  # fmt: skip
    others = series.filter(
        (pl.col("period_text") == r["latest_period_text"])
        & (pl.col("source_id") != r["latest_source_id"])
    )
    items = "; ".join(
        tr(TEXT, "also_item", lang, value=fmt_value(o["value"], unit, dec, lang),
           measure=measure_label(o["measure"], lang), source=o["source_id"])
        for o in others.iter_rows(named=True)
    )  # fmt: skip
    return f"{words} {tr(TEXT, 'also', lang, items=items)}" if items else words


def key_numbers(r: Mapping[str, Any], series: pl.DataFrame, lang: str) -> list[tuple[str, str]]:
    """The key numbers of one target in words, with units, as (label, text) pairs: latest value,
    target, gap, observed pace, pace required from the base and now, pace ratio, legal basis."""

    def w(key: str, **fmt: Any) -> str:
        return tr(TEXT, key, lang, **fmt)

    unit, dec = r["unit"], r["decimals"]
    goal_value = round_value(r["value_low"], unit, dec, lang)
    legal = (w("k_legal"), legal_basis_text(r, lang))
    if r["latest_value"] is None:
        return [(w("k_goal"), goal_with_deadline(r, lang)), legal]

    def pace(value: float | None) -> str:
        return fmt_change(value, unit, max(dec, 1), lang)

    latest = period_label(r["latest_period_text"], r["latest_period_precision"], lang)
    base = period_label(r["base_period_text"], r.get("base_period_precision"), lang)
    deadline = deadline_label(r, lang)
    remaining = (-1 if r["comparison"] in ("at_most", "rank_at_most") else 1) * r["gap"]
    margin = fmt_change(abs(remaining), unit, dec, lang).lstrip("+±")
    gap = w("gap_short" if remaining > 0 else "gap_met", n=margin, goal=goal_value)
    observed, required = r["observed_pace_per_year"], r["required_pace_per_year"]
    if r["pace_required_now_per_year"] is not None:
        pace_now = w(
            "required_now", pace=pace(r["pace_required_now_per_year"]), start=latest, end=deadline
        )
    else:
        pace_now = w(
            {"achieved": "now_met", "not_achieved": "now_past"}.get(r["status"], "now_none")
        )
    rows = [
        (w("k_latest"), latest_words(r, series, lang)),
        (w("k_goal"), goal_with_deadline(r, lang)),
        (w("k_gap"), gap),
        (
            w("k_observed"),
            w("observed", pace=pace(observed), start=base, end=latest)
            if observed is not None else w("not_computed"),
        ),
        (
            w("k_required"),
            w("required", pace=pace(required), base=fmt_value(r["base_value"], unit, dec, lang),
              start=base, goal=goal_value, end=deadline)
            if required is not None else w("not_computed"),
        ),
        (w("k_required_now"), pace_now),
    ]  # fmt: skip
    if r["pace_ratio"] is not None:
        rows.append((w("k_ratio"), w("ratio", ratio=fmt_value(r["pace_ratio"], "count", 2, lang))))
    return [*rows, legal]


def legal_basis_text(r: Mapping[str, Any], lang: str) -> str:
    if r.get(f"legal_basis_title_{lang}"):
        number = r.get("legal_basis_number")
        return (
            f"{number} — {r[f'legal_basis_title_{lang}']}"
            if number
            else r[f"legal_basis_title_{lang}"]
        )
    return r.get("legal_basis_text") or "—"


def _hover_point(r: Mapping[str, Any], target: Mapping[str, Any], lang: str) -> str:
    unit, dec = target["unit"], target["decimals"]
    value = fmt_value(r["value"], unit, dec, lang)
    if r.get("value_high") is not None:
        value += (
            " ("
            + tr(
                TEXT,
                "range_note",
                lang,
                low=fmt_value(r["value"], "count", dec, lang),
                high=fmt_value(r["value_high"], unit, dec, lang),
            )
            + ")"
        )
    if r.get("row_kind") == "year_mean":
        value = tr(
            TEXT, "year_mean", lang, value=value, n=r["n_values"],
            low=fmt_value(r["value_min"], unit, dec, lang),
            high=fmt_value(r["value_max"], unit, dec, lang),
        )  # fmt: skip
    lines = [
        f"<b>{period_label(r['period_text'], r['period_precision'], lang)}</b>: {value}",
        measure_label(r["measure"], lang)
        + (f" · {r['measure_note']}" if r.get("measure_note") else ""),
        f"{tr(TEXT, 'source', lang)}: {r['source_id']} · {tr(TEXT, 'confidence', lang)}: {r['confidence']}",
    ]
    if r.get("counts_for_status") is False:
        lines.append(f"<i>{tr(TEXT, 'after_deadline', lang)}</i>")
    return "<br>".join(lines)


def linear_path(target: Mapping[str, Any]) -> tuple[date, float, date, float] | None:
    """Ends of the straight line from the base observation to the target at the deadline."""
    x0, y0, x1 = target.get("base_period_mid"), target.get("base_value"), target.get("deadline_end")
    if x0 is None or y0 is None or x1 is None or x1 <= x0:
        return None
    return x0, y0, x1, target["value_low"]


def _measure_order(measures: list[str]) -> list[str]:
    known = [m for m in MEASURES if m in measures]
    return known + sorted(m for m in measures if m not in MEASURES)


def _goal_trace(
    target: Mapping[str, Any], x0: date, x1: date, lang: str, sources: str
) -> dict[str, Any]:
    """The target band (shaded) or value (a line) from the first point to the deadline."""
    goal = goal_with_deadline(target, lang)
    hover = f"<b>{goal}</b><br>{tr(TEXT, 'source', lang)}: {sources or '—'}<extra></extra>"
    lo, hi = target["value_low"], target["value_high"]
    if target["comparison"] == "range" and hi is not None:
        return dict(
            type="scatter", x=[x0, x1, x1, x0, x0], y=[lo, lo, hi, hi, lo], fill="toself",
            mode="lines", hoveron="fills+points", fillcolor="rgba(0, 158, 115, 0.16)",
            line={"color": TARGET_COLOUR, "width": 1}, meta={"role": "target"},
            name=tr(TEXT, "target_band", lang, goal=goal), hovertemplate=hover,
        )  # fmt: skip
    return dict(
        type="scatter", x=[x0, x1], y=[lo, lo], mode="lines",
        line={"color": TARGET_COLOUR, "width": 2.5}, meta={"role": "target"},
        name=tr(TEXT, "target_line", lang, goal=goal), hovertemplate=hover,
    )  # fmt: skip


def _path_trace(target: Mapping[str, Any], lang: str) -> dict[str, Any] | None:
    """The dashed straight line from the base observation to the target at the deadline."""
    path = linear_path(target)
    if path is None:
        return None
    unit, dec = target["unit"], target["decimals"]
    x0, y0, x1, y1 = path
    start = period_label(target["base_period_text"], target.get("base_period_precision"), lang)
    hover = tr(
        TEXT, "path_hover", lang, start=f"{start}: {fmt_value(y0, unit, dec, lang)}",
        end=f"{deadline_label(target, lang)}: {round_value(y1, unit, dec, lang)}",
        pace=fmt_change(target.get("required_pace_per_year"), unit, max(dec, 1), lang),
    )  # fmt: skip
    return dict(
        type="scatter", x=[x0, x1], y=[y0, y1], mode="lines", meta={"role": "path"},
        line={"color": theme.INK, "width": 1.5, "dash": "dash"},
        name=tr(TEXT, "path", lang, when=start, value=fmt_value(y0, unit, dec, lang)),
        hovertemplate=hover + "<extra></extra>",
    )  # fmt: skip


def drawn(series: pl.DataFrame) -> pl.DataFrame:
    """The rows a chart draws: observations or yearly means, not the latest period's
    observations that come beside yearly means for the key numbers only."""
    if "row_kind" not in series.columns:
        return series
    return series.filter(pl.col("row_kind") != "latest")


def is_aggregated(series: pl.DataFrame) -> bool:
    """Whether the rows are yearly means of a long series (see the targets_series query)."""
    return "row_kind" in series.columns and bool((series["row_kind"] == "year_mean").any())


def _observation_traces(
    series: pl.DataFrame, target: Mapping[str, Any], lang: str
) -> list[dict[str, Any]]:
    """One trace per measure (APNIC, VNNIC, ...), told apart by marker shape and colour; points
    after the deadline faded; a range reported by a source drawn as an upward bar, the spread of
    the values behind a yearly mean as a bar from their minimum to their maximum."""
    traces = []
    for measure in _measure_order(series["measure"].unique().to_list()):
        rows = series.filter(pl.col("measure") == measure).sort("period_mid").to_dicts()
        style = MEASURES.get(measure, OTHER_MEASURE)
        means = [r.get("row_kind") == "year_mean" for r in rows]
        ups = [
            (
                r["value_max"]
                if m
                else r["value_high"]
                if r["value_high"] is not None
                else r["value"]
            )
            - r["value"]
            for r, m in zip(rows, means, strict=True)
        ]
        downs = [r["value"] - r["value_min"] if m else 0 for r, m in zip(rows, means, strict=True)]
        traces.append(dict(
            type="scatter", x=[r["period_mid"] for r in rows], y=[r["value"] for r in rows],
            mode="lines+markers", name=measure_label(measure, lang),
            meta={"role": "observations", "measure": measure},
            line={"color": style["colour"], "width": 1.5},
            marker={
                "symbol": style["symbol"], "size": 10, "color": style["colour"],
                "line": {"color": "white", "width": 1},
                "opacity": [1.0 if r["counts_for_status"] else 0.4 for r in rows],
            },
            error_y={
                "type": "data", "symmetric": False, "array": ups, "arrayminus": downs,
                "visible": any(ups) or any(downs), "color": style["colour"], "thickness": 1.5,
                "width": 4,
            },
            hovertext=[_hover_point(r, target, lang) for r in rows],
            hovertemplate="%{hovertext}<extra></extra>",
        ))  # fmt: skip
    return traces


def progress_figure(
    series: pl.DataFrame, target: Mapping[str, Any], lang: str, source_ids: str = ""
) -> go.Figure:
    """Observed values (one trace per measure) against the target band or line, with the dashed
    linear path from the base observation to the target at the deadline. ``target`` is a row of
    the target_progress query; ``series`` its rows of targets_series (observations, or yearly
    means of a long series); ``source_ids`` the target's sources. For a rank the y axis is
    reversed (lower is better). Built in one go: traces, shapes and annotations as plain dicts."""
    series = drawn(series)
    xs = series["period_mid"].drop_nulls().to_list()
    ends = [d for d in (target.get("base_period_mid"), target.get("deadline_end"), *xs) if d]
    traces: list[dict[str, Any]] = []
    if ends:
        x1 = target.get("deadline_end") or max(ends)
        traces.append(_goal_trace(target, min(ends), x1, lang, source_ids))
    path = _path_trace(target, lang)
    if path is not None:
        traces.append(path)
    traces += _observation_traces(series, target, lang)
    shapes: list[dict[str, Any]] = []
    annotations: list[dict[str, Any]] = []
    when = target.get("deadline_end")
    if when is not None and xs:
        shapes.append(dict(
            type="line", x0=when, x1=when, y0=0, y1=1, yref="paper",
            line={"color": theme.MUTED, "width": 1, "dash": "dot"},
        ))  # fmt: skip
        annotations.append(dict(
            x=when, y=1, yref="paper", showarrow=False, xanchor="right", yanchor="bottom",
            text=tr(TEXT, "deadline", lang, when=deadline_label(target, lang)),
            font={"size": 12, "color": theme.MUTED},
        ))  # fmt: skip
    if not xs:
        annotations.append(dict(
            text=t("status_no_measurement", lang), showarrow=False, x=0.5, y=0.5,
            xref="paper", yref="paper", font={"size": 15, "color": theme.MUTED},
        ))  # fmt: skip
    unit, label = target["unit"], target[f"indicator_label_{lang}"]
    tops = "value_max" if "value_max" in series.columns else "value"
    values = [*series[tops].to_list(), *series["value_high"].drop_nulls().to_list()]
    upper = max(
        [v for v in values if v is not None] + [target["value_high"] or target["value_low"]]
    )
    if target["comparison"] == "rank_at_most" or unit == "rank":
        # lower is better: rank 1 at the top, the axis reversed
        yaxis = {
            "range": [upper + 2, 0.5],
            "title": {"text": tr(TEXT, "rank_axis", lang, label=label)},
        }
    else:
        title = f"{label} ({t('unit_' + unit, lang)})" if unit == "percent" else label
        yaxis = {"range": [0, upper * 1.08 if upper else 1], "title": {"text": title}}
    layout = {
        "height": 440,
        "margin": {"l": 56, "r": 24, "t": 34, "b": 48},
        "showlegend": True,
        "legend": {"y": -0.14},
        "xaxis": {"type": "date"},
        "yaxis": yaxis,
        "shapes": shapes,
        "annotations": annotations,
    }
    return go.Figure(data=traces, layout=layout)


def related_figure(frame: pl.DataFrame, lang: str) -> go.Figure:
    """Figures of other indicators (e.g. all Vietnamese businesses using AI), each its own trace
    labelled from the indicator metadata; no target line, since they do not measure it."""
    if frame.is_empty():
        return empty_figure(t("none", lang))
    colours = [theme.OKABE_ITO[k] for k in ("vermillion", "sky", "purple", "black")]
    symbols = ["square", "triangle-up", "diamond", "circle"]
    traces = []
    for i, indicator in enumerate(frame["indicator_id"].unique(maintain_order=True).to_list()):
        rows = frame.filter(pl.col("indicator_id") == indicator).sort("period_mid").to_dicts()
        label = rows[0][f"label_{lang}"]
        hover = [
            f"<b>{label}</b><br>"
            f"{period_label(r['period_text'], r['period_precision'], lang)}: "
            f"{fmt_value(r['value'], r['unit'], r['decimals'], lang)}<br>"
            f"{tr(TEXT, 'source', lang)}: {r['source_id']} · {tr(TEXT, 'confidence', lang)}: {r['confidence']}<br>"
            f"<i>{tr(TEXT, 'not_target', lang)}</i>"
            for r in rows
        ]
        colour = colours[i % len(colours)]
        traces.append(
            dict(
                type="scatter",
                meta={"role": "related", "indicator": indicator},
                x=[r["period_mid"] for r in rows],
                y=[r["value"] for r in rows],
                mode="lines+markers+text",
                name=label,
                text=[fmt_value(r["value"], r["unit"], r["decimals"], lang) for r in rows],
                textposition="top center",
                line={"color": colour, "width": 1.5},
                marker={"size": 10, "symbol": symbols[i % len(symbols)], "color": colour},
                hovertext=hover,
                hovertemplate="%{hovertext}<extra></extra>",
            )
        )
    top = frame["value"].max() or 1
    unit = frame["unit"][0]
    layout = {
        "height": 320,
        "margin": {"l": 56, "r": 24, "t": 24, "b": 48},
        "showlegend": True,
        "xaxis": {"type": "date"},
        "yaxis": {
            "range": [0, max(top * 1.35, 10)],
            "title": {"text": t("unit_" + unit, lang) if unit == "percent" else None},
            "ticksuffix": " %" if unit == "percent" else None,
        },
    }
    return go.Figure(data=traces, layout=layout)
