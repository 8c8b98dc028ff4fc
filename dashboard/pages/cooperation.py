"""Cooperation and overlap: who cooperates with Vietnam on what and how far it has come (partner ×
domain matrix), how much partners overlap (partner × partner) and which exact combinations of
partners share domains (UpSet). Filters live in the URL and apply to all three charts, their
tables, sources and CSV files.

Dash 4's Checklist and Dropdown fail axe-core (nested interactive options, an aria-hidden
focusable input), so the multi-value filters are native toggle buttons (``aria-pressed``) whose
selection is kept, comma-joined, in a hidden input that ``url_state`` syncs with the URL. An empty
selection means "all".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

import dash
import plotly.graph_objects as go
import polars as pl
from dash import ALL, Input, Output, State, ctx, dcc, html

from dashboard import downloads, url_state
from dashboard.components import chart_card, data_table, date_label, page, sources_list
from dashboard.data import NoWarehouse, query
from dashboard.figures.common import split_ids
from dashboard.figures.cooperation import (
    STATUS_ORDER,
    matrix_figure,
    overlap_figure,
    partner_order,
    row_label,
    upset_figure,
)
from dashboard.i18n import lang_of, t, tr
from dashboard.theme import COOP_COLOURS

dash.register_page(
    __name__, path="/cooperation", name="cooperation", title="Hợp tác · Cooperation", order=2
)

PAGE = "cooperation"
KINDS = ("country", "city", "organisation")
CHIP = f"{PAGE}-chip"
ALL_VALUE = "all"
UNDATED_OFF = "no"
CARDS = (f"{PAGE}-matrix", f"{PAGE}-overlap", f"{PAGE}-intersections")
# query key -> id of the component whose value is kept in the URL
URL_KEYS = {
    "groups": f"{PAGE}-groups",
    "type": f"{PAGE}-types",
    "status": f"{PAGE}-status",
    "from": f"{PAGE}-year-from",
    "to": f"{PAGE}-year-to",
    "undated": f"{PAGE}-undated",
}
url_state.register(PAGE, URL_KEYS)

TEXT = {
    "heading": {
        "vi": "Hợp tác và mức độ trùng lặp giữa các đối tác",
        "en": "Cooperation and overlap between partners",
    },
    "lead": {
        "vi": "Ai hợp tác với Việt Nam trong lĩnh vực nào, đã tiến triển đến đâu, và các đối tác "
        "trùng nhau ở những lĩnh vực nào. Bộ lọc áp dụng cho cả ba biểu đồ, bảng, nguồn và tệp "
        "CSV; đường dẫn trên trình duyệt giữ nguyên bộ lọc để chia sẻ.",
        "en": "Who cooperates with Vietnam on what, how far it has come, and where partners "
        "overlap. The filters apply to all three charts, their tables, sources and CSV files; "
        "the address in the browser keeps them, so the view can be shared.",
    },
    "filters": {"vi": "Bộ lọc", "en": "Filters"},
    "f_groups": {"vi": "Nhóm lĩnh vực", "en": "Domain group"},
    "f_type": {"vi": "Loại đối tác", "en": "Partner type"},
    "f_status": {"vi": "Trạng thái hợp tác", "en": "Cooperation status"},
    "f_period": {"vi": "Giai đoạn", "en": "Period"},
    "f_from": {"vi": "Từ năm", "en": "From year"},
    "f_to": {"vi": "Đến năm", "en": "To year"},
    "f_undated": {
        "vi": "Gồm cả liên kết không rõ năm",
        "en": "Include links with no known year",
    },
    "f_all": {"vi": "Tất cả", "en": "All"},
    "f_hint": {
        "vi": "Không chọn mục nào nghĩa là tất cả. Giai đoạn áp dụng cho các liên kết có năm; "
        "{n} liên kết không rõ năm (chỉ có ngày/tháng hoặc không nêu ngày).",
        "en": "Nothing selected means all. The period applies to links with a known year; "
        "{n} links have no known year (day and month only, or no date).",
    },
    "summary": {
        "vi": "Đang hiển thị: {p} đối tác · {d} lĩnh vực · {c} ô có hợp tác · {s} nguồn",
        "en": "Showing: partners {p} · domains {d} · cells with cooperation {c} · sources {s}",
    },
    "matrix": {
        "vi": "Đối tác × lĩnh vực: hợp tác đã tiến triển đến đâu",
        "en": "Partner × domain: how far cooperation has come",
    },
    "matrix_note": {
        "vi": "Mỗi ô: trạng thái cao nhất mà hợp tác đạt được (1 đề xuất → 4 đã hoàn thành); ô "
        "trống: chưa ghi nhận hợp tác. Lĩnh vực xếp theo nhóm. TP. Hồ Chí Minh là chủ thể phía "
        "Việt Nam, hiện khi loại «Thành phố» được chọn.",
        "en": "Each cell: the most advanced status cooperation has reached (1 proposed → 4 "
        "completed); blank: no cooperation recorded. Domains are grouped. Ho Chi Minh City acts "
        "for Vietnam and shows when the type “City” is selected.",
    },
    "overlap": {
        "vi": "Các đối tác trùng nhau ở bao nhiêu lĩnh vực",
        "en": "How many domains partners share",
    },
    "overlap_note": {
        "vi": "Số trong ô: số lĩnh vực chung; màu: chỉ số Jaccard (lĩnh vực chung / tổng số "
        "lĩnh vực của hai đối tác). Đường chéo (màu xám): số lĩnh vực của từng đối tác.",
        "en": "Number in a cell: shared domains; colour: Jaccard index (shared / domains of "
        "either partner). Diagonal (grey): each partner's own number of domains.",
    },
    "intersections": {
        "vi": "Những đối tác nào cùng hợp tác trong cùng lĩnh vực",
        "en": "Which partners share which domains",
    },
    "intersections_note": {
        "vi": "Mỗi cột là một tổ hợp đối tác; chiều cao cột: số lĩnh vực mà đúng tổ hợp đó (và "
        "không đối tác nào khác) cùng hợp tác. Chấm đậm bên dưới: đối tác thuộc tổ hợp; số trong "
        "ngoặc: tổng số lĩnh vực của đối tác.",
        "en": "Each column is a combination of partners; bar height: domains on which exactly "
        "those partners (and no other) cooperate. Dark dots below: partners in the "
        "combination; in brackets: the partner's total domains.",
    },
    "matrix_shown": {
        "vi": "Đang hiển thị {n} trong {total} đối tác (nhiều lĩnh vực nhất) và {m} trong {domains} "
        "lĩnh vực (nhiều đối tác này hợp tác nhất). Tệp CSV có đủ {cells} ô; chọn nhóm lĩnh vực "
        "hoặc loại đối tác để xem phần còn lại, hoặc mở hồ sơ từng đối tác.",
        "en": "Showing {n} of {total} partners (those with the most domains) and {m} of {domains} "
        "domains (those most of them share). The CSV file holds all {cells} cells; choose a "
        "domain group or partner type to see the others, or open a partner's profile.",
    },
    "overlap_shown": {
        "vi": "Đang so sánh {n} trong {total} đối tác (nhiều lĩnh vực nhất). Bảng và tệp CSV có "
        "mọi cặp được vẽ; dùng bộ lọc để so sánh các đối tác khác.",
        "en": "Comparing {n} of {total} partners (those with the most domains). The table and CSV "
        "file hold every pair drawn; use the filters to compare other partners.",
    },
    "intersections_shown": {
        "vi": "Đang hiển thị {k} trong {combos} tổ hợp lớn nhất của {n} trong {total} đối tác "
        "(nhiều lĩnh vực nhất); «đúng tổ hợp» xét trong {n} đối tác này.",
        "en": "Showing the {k} largest of {combos} combinations of {n} of {total} partners "
        "(those with the most domains); “exactly” counts among these {n} partners.",
    },
    "sources_shown": {
        "vi": "Đang liệt kê {n} trong {total} nguồn (được các dòng của biểu đồ dẫn nhiều nhất); "
        "mã nguồn của từng dòng có trong bảng và tệp CSV.",
        "en": "Listing {n} of {total} sources (those the chart's rows cite most); every row's "
        "source ids are in the table and the CSV file.",
    },
    "col_partner": {"vi": "Đối tác", "en": "Partner"},
    "col_group": {"vi": "Nhóm lĩnh vực", "en": "Domain group"},
    "col_domain": {"vi": "Lĩnh vực", "en": "Domain"},
    "col_status": {"vi": "Trạng thái cao nhất", "en": "Most advanced status"},
    "col_other_side": {
        "vi": "Phía bên kia (chủ thể Việt Nam hoặc đối tác nước ngoài)",
        "en": "Other side (Vietnamese actor or foreign partners)",
    },
    "col_records": {"vi": "Số bản ghi", "en": "Records"},
    "col_first": {"vi": "Ghi nhận sớm nhất", "en": "First recorded"},
    "col_sources": {"vi": "Nguồn", "en": "Sources"},
    "col_partner_a": {"vi": "Đối tác A", "en": "Partner A"},
    "col_partner_b": {"vi": "Đối tác B", "en": "Partner B"},
    "col_shared": {"vi": "Số lĩnh vực chung", "en": "Shared domains"},
    "col_jaccard": {"vi": "Jaccard", "en": "Jaccard"},
    "col_shared_list": {"vi": "Các lĩnh vực chung", "en": "Shared domain list"},
    "col_combination": {"vi": "Tổ hợp đối tác", "en": "Partner combination"},
    "col_n_partners": {"vi": "Số đối tác", "en": "Partners"},
    "col_n_domains": {"vi": "Số lĩnh vực", "en": "Domains"},
    "col_domains": {"vi": "Các lĩnh vực", "en": "Domain list"},
}


# --- filters ------------------------------------------------------------------------------------


def _year(value: Any) -> int | None:
    try:
        year = int(float(value))
    except (TypeError, ValueError):
        return None
    return year if 1900 <= year <= 2100 else None


def _values(value: Any) -> list[str]:
    if isinstance(value, list | tuple):
        return [str(v) for v in value if v]
    return url_state.split(value)


class Filters(NamedTuple):
    """The page's filters, read from URL query arguments (or the values of its controls).
    (NamedTuple rather than a dataclass: Dash loads page modules outside sys.modules.)"""

    groups: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    year_from: int | None = None
    year_to: int | None = None
    undated: bool = True

    @classmethod
    def from_args(cls, args: Mapping[str, Any]) -> Filters:
        kinds = [k for k in _values(args.get("type")) if k in KINDS]
        statuses = [s for s in _values(args.get("status")) if s in STATUS_ORDER]
        return cls(
            groups=tuple(dict.fromkeys(_values(args.get("groups")))),
            kinds=tuple(k for k in KINDS if k in kinds),
            statuses=tuple(s for s in STATUS_ORDER if s in statuses),
            year_from=_year(args.get("from")),
            year_to=_year(args.get("to")),
            undated=args.get("undated") != UNDATED_OFF,
        )

    def params(self) -> dict[str, Any]:
        """Bound parameters of the cooperation_* queries."""
        return {
            "groups": list(self.groups),
            "kinds": list(self.kinds),
            "statuses": list(self.statuses),
            "year_from": self.year_from,
            "year_to": self.year_to,
            "undated": self.undated,
        }

    def args(self) -> dict[str, Any]:
        """The same filters as URL query arguments (empty ones left out by downloads.href)."""
        return {
            "groups": ",".join(self.groups),
            "type": ",".join(self.kinds),
            "status": ",".join(self.statuses),
            "from": self.year_from,
            "to": self.year_to,
            "undated": None if self.undated else UNDATED_OFF,
        }


def toggle(current: str | None, clicked: str, options: Sequence[str]) -> str:
    """New comma-joined selection after clicking chip ``clicked`` ('all' clears it)."""
    if clicked == ALL_VALUE:
        return ""
    selected = set(url_state.split(current))
    selected ^= {clicked}
    return ",".join(o for o in options if o in selected and o != ALL_VALUE)


def pressed(selection: str | None, options: Sequence[str]) -> list[str]:
    """aria-pressed of each chip: 'all' is pressed when nothing else is."""
    chosen = set(url_state.split(selection))
    return [
        str(not chosen if o == ALL_VALUE else o in chosen).lower()  # "true" / "false"
        for o in options
    ]


# --- data ---------------------------------------------------------------------------------------


# At scale the charts stay readable: the matrix draws the first MAX_PARTNERS partners (the
# query's partner_rank: most domains, most advanced status) and, of their domains, the
# MAX_DOMAINS most of them share; overlap and UpSet compare the first MAX_COMPARED partners
# and UpSet draws the MAX_COMBOS largest combinations. The seed data fits under every cap.
MAX_PARTNERS = 15
MAX_DOMAINS = 36
MAX_COMPARED = 12
MAX_COMBOS = 20
MAX_SOURCES = 12  # sources listed under a chart (the most cited by its rows)
TABLE_ROWS = {"matrix": 80, "overlap": 30, "intersections": MAX_COMBOS}  # rows per table view
# long lists in a table cell: the first items and how many more (column -> separator, items)
LISTS = {
    "source_ids": (", ", 10),
    "shared_domains": ("; ", 15),
    "domains": ("; ", 15),
    "other_side": ("; ", 15),
}


class Totals(NamedTuple):
    """Size of the whole filtered matrix (not only what is drawn)."""

    partners: int = 0
    domains: int = 0
    cells: int = 0
    sources: int = 0


class Views(NamedTuple):
    cells: pl.DataFrame  # the matrix's cells: first partners × their most shared domains
    compared: pl.DataFrame  # every cell of the partners compared by overlap and UpSet
    pairs: pl.DataFrame
    combos: pl.DataFrame  # the largest combinations (UpSet bars)
    n_combos: int  # combinations among the compared partners
    totals: Totals


def filtered_cells(filters: Filters, max_partners: int | None = None) -> pl.DataFrame:
    """The one filtered query of the page: cells of the first ``max_partners`` partners (all
    when None), in matrix order; overlap and intersections are computed from these rows."""
    return sort_cells(query("cooperation_cells", **filters.params(), max_partners=max_partners))


def totals_of(cells: pl.DataFrame) -> Totals:
    if cells.is_empty():
        return Totals()
    row = cells.row(0, named=True)
    return Totals(
        row["total_partners"], row["total_domains"], row["total_cells"], row["total_sources"]
    )


def load(filters: Filters) -> Views:
    cells = filtered_cells(filters, MAX_PARTNERS)
    compared = (
        cells.filter(pl.col("partner_rank") <= MAX_COMPARED) if not cells.is_empty() else cells
    )
    combos = intersections(compared)
    return Views(
        cells=top_domains(cells, MAX_DOMAINS),
        compared=compared,
        pairs=overlap(compared),
        combos=combos.head(MAX_COMBOS),
        n_combos=combos.height,
        totals=totals_of(cells),
    )


def sort_cells(cells: pl.DataFrame) -> pl.DataFrame:
    """Cells in the order the matrix draws them: partner rows top to bottom, then columns."""
    if cells.is_empty():
        return cells
    if "partner_rank" in cells.columns:
        return cells.sort("partner_rank", "group_rank", "domain_rank")
    order = partner_order(cells).with_row_index("row").select("partner_id", "role", "row")
    return (
        cells.join(order, on=["partner_id", "role"])
        .sort("row", "group_rank", "domain_rank")
        .drop("row")
    )


def top_domains(cells: pl.DataFrame, limit: int) -> pl.DataFrame:
    """The cells of the ``limit`` domains most of these partners cooperate on (ties: the
    matrix's column order), or all cells when there are no more domains than that."""
    if cells.is_empty() or cells["domain_id"].n_unique() <= limit:
        return cells
    keep = (
        cells.group_by("domain_id")
        .agg(pl.len().alias("n"), pl.col("group_rank").first(), pl.col("domain_rank").first())
        .sort(["n", "group_rank", "domain_rank"], descending=[True, False, False])
        .head(limit)["domain_id"]
    )
    return cells.filter(pl.col("domain_id").is_in(keep.implode()))


def _id_list(column: str) -> pl.Expr:
    """Comma-joined source ids as a list (none: empty)."""
    return (
        pl.col(column)
        .fill_null("")
        .str.split(", ")
        .list.eval(pl.element().filter(pl.element() != ""))
    )


def _joined_ids(ids: pl.Expr, *, agg: bool = False) -> pl.Expr:
    """Ids (a list column, or the values of a group when ``agg``) as sorted, distinct,
    comma-joined text (none: null)."""
    text = (
        ids.unique().sort().str.join(", ") if agg else ids.list.unique().list.sort().list.join(", ")
    )
    return pl.when(text != "").then(text)


def overlap(cells: pl.DataFrame) -> pl.DataFrame:
    """Every pair of partners in ``cells`` (partner_a < partner_b by id): each one's domains,
    the shared domains and the Jaccard index (shared / union), with the sources of both
    partners' cells. v_partner_overlap's logic on the filtered cells."""
    schema = {
        "partner_a": pl.String, "partner_b": pl.String, "partner_a_name_vi": pl.String,
        "partner_a_name_en": pl.String, "partner_b_name_vi": pl.String,
        "partner_b_name_en": pl.String, "n_domains_a": pl.Int64, "n_domains_b": pl.Int64,
        "n_shared": pl.Int64, "n_union": pl.Int64, "jaccard": pl.Float64,
        "shared_domain_ids": pl.String, "shared_domains_vi": pl.String,
        "shared_domains_en": pl.String, "source_ids": pl.String,
    }  # fmt: skip
    if cells.is_empty():
        return pl.DataFrame(schema=schema)
    cell = cells.select(
        "partner_id", "domain_id", "domain_label_vi", "domain_label_en",
        _id_list("source_ids").alias("ids"),
    ).unique(["partner_id", "domain_id"])  # fmt: skip
    partners = cells.group_by("partner_id").agg(
        pl.col("partner_name_vi").first().alias("name_vi"),
        pl.col("partner_name_en").first().alias("name_en"),
    )
    sizes = (
        cell.group_by("partner_id")
        .agg(
            pl.len().cast(pl.Int64).alias("n_domains"),
            pl.col("ids").list.explode(keep_nulls=False, empty_as_null=False).alias("ids"),
        )
        .join(partners, on="partner_id")
    )
    a = sizes.rename(lambda c: f"{c}_a" if c != "partner_id" else "partner_a")
    b = sizes.rename(lambda c: f"{c}_b" if c != "partner_id" else "partner_b")
    pairs = a.join(b, how="cross").filter(pl.col("partner_a") < pl.col("partner_b"))
    x = cell.select(
        pl.col("partner_id").alias("partner_a"), "domain_id", "domain_label_vi", "domain_label_en"
    )
    y = cell.select(pl.col("partner_id").alias("partner_b"), "domain_id")
    shared = (
        x.join(y, on="domain_id")
        .filter(pl.col("partner_a") < pl.col("partner_b"))
        .group_by("partner_a", "partner_b")
        .agg(
            pl.len().cast(pl.Int64).alias("n_shared"),
            pl.col("domain_id").sort().str.join(", ").alias("shared_domain_ids"),
            pl.col("domain_label_vi").sort().str.join("; ").alias("shared_domains_vi"),
            pl.col("domain_label_en").sort().str.join("; ").alias("shared_domains_en"),
        )
    )
    out = pairs.join(shared, on=["partner_a", "partner_b"], how="left").with_columns(
        pl.col("n_shared").fill_null(0)
    )
    union = pl.col("n_domains_a") + pl.col("n_domains_b") - pl.col("n_shared")
    return (
        out.with_columns(
            union.alias("n_union"),
            (pl.col("n_shared") / union).round(4, mode="half_away_from_zero").alias("jaccard"),
            _joined_ids(pl.concat_list("ids_a", "ids_b")).alias("source_ids"),
            pl.col("name_vi_a").alias("partner_a_name_vi"),
            pl.col("name_en_a").alias("partner_a_name_en"),
            pl.col("name_vi_b").alias("partner_b_name_vi"),
            pl.col("name_en_b").alias("partner_b_name_en"),
        )
        .select(list(schema))
        .sort("partner_a", "partner_b")
    )


def intersections(cells: pl.DataFrame) -> pl.DataFrame:
    """Exact combinations of the partners in ``cells`` (UpSet intersections): for each set of
    partners, the domains on which exactly those partners (and no other of them) cooperate,
    with the sources; largest first. partner_ids lists a combination in id order."""
    schema = {
        "partner_ids": pl.String, "partners_vi": pl.String, "partners_en": pl.String,
        "n_partners": pl.Int64, "n_domains": pl.Int64, "domain_ids": pl.String,
        "domains_vi": pl.String, "domains_en": pl.String, "source_ids": pl.String,
    }  # fmt: skip
    if cells.is_empty():
        return pl.DataFrame(schema=schema)
    per_domain = (
        cells.select(
            "partner_id", "partner_name_vi", "partner_name_en", "domain_id", "domain_label_vi",
            "domain_label_en", _id_list("source_ids").alias("ids"),
        )
        .group_by("domain_id")
        .agg(
            pl.col("partner_id").unique().sort().str.join(", ").alias("partner_ids"),
            pl.col("partner_name_vi").sort_by("partner_id").str.join(" + ").alias("partners_vi"),
            pl.col("partner_name_en").sort_by("partner_id").str.join(" + ").alias("partners_en"),
            pl.col("partner_id").n_unique().cast(pl.Int64).alias("n_partners"),
            pl.col("domain_label_vi").first(),
            pl.col("domain_label_en").first(),
            pl.col("ids").list.explode(keep_nulls=False, empty_as_null=False),
        )
    )  # fmt: skip
    return (
        per_domain.group_by("partner_ids")
        .agg(
            pl.col("partners_vi").first(),
            pl.col("partners_en").first(),
            pl.col("n_partners").first(),
            pl.len().cast(pl.Int64).alias("n_domains"),
            pl.col("domain_id").sort().str.join(", ").alias("domain_ids"),
            pl.col("domain_label_vi").sort().str.join("; ").alias("domains_vi"),
            pl.col("domain_label_en").sort().str.join("; ").alias("domains_en"),
            _joined_ids(
                pl.col("ids").list.explode(keep_nulls=False, empty_as_null=False), agg=True
            ).alias("source_ids"),
        )
        .sort(["n_domains", "n_partners", "partner_ids"], descending=[True, True, False])
        .select(list(schema))
    )


def _status_label(rank: int, status: str, lang: str) -> str:
    return f"{rank} · {t('coop_' + status, lang)}"


def matrix_rows(cells: pl.DataFrame, lang: str) -> pl.DataFrame:
    """The matrix's non-empty cells as table rows (the same rows as the CSV)."""
    if cells.is_empty():
        return pl.DataFrame(
            schema={c: pl.String for c in ("partner", "group", "domain", "status_label")}
        )
    return cells.with_columns(
        pl.struct("partner_name_vi", "partner_name_en", "role")
        .map_elements(
            lambda r: row_label(r[f"partner_name_{lang}"], r["role"], lang, 200),
            return_dtype=pl.String,
        )
        .alias("partner"),
        pl.col(f"group_label_{lang}").alias("group"),
        pl.col(f"domain_label_{lang}").alias("domain"),
        pl.struct("status_rank", "status")
        .map_elements(
            lambda r: _status_label(r["status_rank"], r["status"], lang), return_dtype=pl.String
        )
        .alias("status_label"),
        pl.col(f"counterparts_{lang}").alias("other_side"),
        pl.struct("first_date_text", "first_date_precision", "first_date_inferred")
        .map_elements(
            lambda r: (
                date_label(
                    r["first_date_text"], r["first_date_precision"], lang, r["first_date_inferred"]
                )
                if r["first_date_text"]
                else None
            ),
            return_dtype=pl.String,
        )
        .alias("first_date"),
    )


def matrix_csv(cells: pl.DataFrame, lang: str) -> pl.DataFrame:
    rows = matrix_rows(cells, lang)
    if rows.is_empty():
        return pl.DataFrame(schema={"partner_id": pl.String, "domain_id": pl.String})
    return rows.select(
        "partner_id", "partner", "role", "partner_kind", "group_id", "group", "domain_id",
        "domain", "status_rank", "status", "counterpart_ids", "other_side", "n_records",
        "record_ids", "first_date_text", "first_date_precision", "source_ids",
    )  # fmt: skip


def overlap_rows(pairs: pl.DataFrame, lang: str) -> pl.DataFrame:
    if pairs.is_empty():
        return pairs
    return pairs.sort("n_shared", "jaccard", descending=True).with_columns(
        pl.col(f"partner_a_name_{lang}").alias("partner_a_name"),
        pl.col(f"partner_b_name_{lang}").alias("partner_b_name"),
        pl.col(f"shared_domains_{lang}").alias("shared_domains"),
    )


def overlap_csv(pairs: pl.DataFrame, lang: str) -> pl.DataFrame:
    rows = overlap_rows(pairs, lang)
    if rows.is_empty():
        return pl.DataFrame(schema={"partner_a": pl.String, "partner_b": pl.String})
    return rows.select(
        "partner_a", "partner_a_name", "partner_b", "partner_b_name", "n_domains_a",
        "n_domains_b", "n_shared", "n_union", "jaccard", "shared_domain_ids", "shared_domains",
        "source_ids",
    )  # fmt: skip


def intersections_rows(combos: pl.DataFrame, lang: str) -> pl.DataFrame:
    if combos.is_empty():
        return combos
    return combos.with_columns(
        pl.col(f"partners_{lang}").alias("partners"),
        pl.col(f"domains_{lang}").alias("domains"),
    )


def intersections_csv(combos: pl.DataFrame, lang: str) -> pl.DataFrame:
    rows = intersections_rows(combos, lang)
    if rows.is_empty():
        return pl.DataFrame(schema={"partner_ids": pl.String, "n_domains": pl.Int64})
    return rows.select(
        "partner_ids", "partners", "n_partners", "n_domains", "domain_ids", "domains", "source_ids"
    )


@downloads.register("cooperation-matrix")
def _matrix_download(args: Mapping[str, str]) -> pl.DataFrame:
    # every cell of the filtered matrix, also those a capped chart leaves out
    cells = filtered_cells(Filters.from_args(args))
    return matrix_csv(cells, lang_of(args.get("lang")))


@downloads.register("cooperation-overlap")
def _overlap_download(args: Mapping[str, str]) -> pl.DataFrame:
    pairs = load(Filters.from_args(args)).pairs  # the pairs drawn
    return overlap_csv(pairs, lang_of(args.get("lang")))


@downloads.register("cooperation-intersections")
def _intersections_download(args: Mapping[str, str]) -> pl.DataFrame:
    combos = load(Filters.from_args(args)).combos  # the combinations drawn
    return intersections_csv(combos, lang_of(args.get("lang")))


# --- views --------------------------------------------------------------------------------------


class Card(NamedTuple):
    figure: go.Figure
    table: html.Div
    sources: html.Div
    csv_href: str
    shown: str  # "showing N of M" when the chart is capped, else ""


def _ids(frame: pl.DataFrame) -> list[str]:
    return split_ids(*frame["source_ids"].to_list()) if not frame.is_empty() else []


def cited_sources(rows: pl.DataFrame) -> tuple[list[str], int]:
    """Sources to list under a chart: those its rows cite (past MAX_SOURCES, the most cited),
    and how many its rows cite in all."""
    if rows.is_empty():
        return [], 0
    cited = (
        rows.select(_id_list("source_ids").alias("id"))
        .explode("id")
        .drop_nulls()
        .group_by("id")
        .len()
        .sort(["len", "id"], descending=[True, False])
    )
    return cited["id"].head(MAX_SOURCES).to_list(), cited.height


def _sources(frame: pl.DataFrame, cited: tuple[list[str], int], lang: str, cid: str) -> html.Div:
    """The sources list of one card (``frame``: rows of the sources query), with a note when
    it leaves some out (every row's source ids stay in its table and CSV)."""
    ids, total = cited
    div = sources_list(frame.filter(pl.col("source_id").is_in(ids)), lang, cid)
    if total > len(ids):
        note = tr(TEXT, "sources_shown", lang, n=len(ids), total=total)
        div.children = [*div.children, html.P(note, className="muted")]
    return div


def _short_list(text: str | None, sep: str, limit: int) -> str | None:
    """A long list in a table cell: its first ``limit`` items and how many more (the CSV
    holds them all)."""
    if text is None:
        return None
    items = text.split(sep)
    if len(items) <= limit:
        return text
    return f"{sep.join(items[:limit])}{sep}… (+{len(items) - limit})"


def _shorten(rows: pl.DataFrame, columns: dict[str, tuple[str, int]]) -> pl.DataFrame:
    """Table rows with the long lists of ``columns`` (column -> separator, items) shortened."""
    if rows.is_empty():
        return rows
    return rows.with_columns(
        pl.col(c).map_elements(
            lambda v, sep=sep, n=n: _short_list(v, sep, n), return_dtype=pl.String
        )
        for c, (sep, n) in columns.items()
        if c in rows.columns
    )


def shown_notes(v: Views, lang: str) -> dict[str, str]:
    """For each chart, what a cap leaves out and how to reach it ("" when nothing is)."""
    total = v.totals
    n_rows = v.cells.select("partner_id", "role").n_unique() if not v.cells.is_empty() else 0
    n_cols = v.cells["domain_id"].n_unique() if not v.cells.is_empty() else 0
    n_compared = v.compared["partner_id"].n_unique() if not v.compared.is_empty() else 0
    matrix_id, overlap_id, inter_id = CARDS
    notes = {cid: "" for cid in CARDS}
    if n_rows < total.partners or n_cols < total.domains:
        notes[matrix_id] = tr(
            TEXT, "matrix_shown", lang, n=n_rows, total=total.partners, m=n_cols,
            domains=total.domains, cells=total.cells,
        )  # fmt: skip
    if n_compared < total.partners:
        notes[overlap_id] = tr(TEXT, "overlap_shown", lang, n=n_compared, total=total.partners)
    if n_compared < total.partners or v.combos.height < v.n_combos:
        notes[inter_id] = tr(
            TEXT, "intersections_shown", lang, k=v.combos.height, combos=v.n_combos,
            n=n_compared, total=total.partners,
        )  # fmt: skip
    return notes


def build(filters: Filters, lang: str) -> tuple[dict[str, Card], html.Span]:
    """Figures, tables, sources and CSV links of the three charts, and the summary line."""
    v = load(filters)
    args = filters.args()
    cited = [cited_sources(v.cells), cited_sources(v.compared), cited_sources(v.combos)]
    sources = query("sources", ids=split_ids(*(i for ids, _ in cited for i in ids)))

    matrix_cols = {
        "partner": tr(TEXT, "col_partner", lang),
        "group": tr(TEXT, "col_group", lang),
        "domain": tr(TEXT, "col_domain", lang),
        "status_label": tr(TEXT, "col_status", lang),
        "other_side": tr(TEXT, "col_other_side", lang),
        "n_records": tr(TEXT, "col_records", lang),
        "first_date": tr(TEXT, "col_first", lang),
        "source_ids": tr(TEXT, "col_sources", lang),
    }
    overlap_cols = {
        "partner_a_name": tr(TEXT, "col_partner_a", lang),
        "partner_b_name": tr(TEXT, "col_partner_b", lang),
        "n_shared": tr(TEXT, "col_shared", lang),
        "jaccard": tr(TEXT, "col_jaccard", lang),
        "shared_domains": tr(TEXT, "col_shared_list", lang),
        "source_ids": tr(TEXT, "col_sources", lang),
    }
    inter_cols = {
        "partners": tr(TEXT, "col_combination", lang),
        "n_partners": tr(TEXT, "col_n_partners", lang),
        "n_domains": tr(TEXT, "col_n_domains", lang),
        "domains": tr(TEXT, "col_domains", lang),
        "source_ids": tr(TEXT, "col_sources", lang),
    }
    matrix_id, overlap_id, inter_id = CARDS
    notes = shown_notes(v, lang)
    drawn = [  # card id, figure, table rows, table columns, title and table-cap key
        (matrix_id, matrix_figure(v.cells, lang), matrix_rows(v.cells, lang), matrix_cols,
         "matrix"),
        (overlap_id, overlap_figure(v.pairs, v.compared, lang), overlap_rows(v.pairs, lang),
         overlap_cols, "overlap"),
        (inter_id, upset_figure(v.combos, v.compared, lang),
         intersections_rows(v.combos, lang), inter_cols, "intersections"),
    ]  # fmt: skip
    cards = {
        cid: Card(
            figure,
            data_table(
                _shorten(rows, LISTS), cols, lang, tr(TEXT, key, lang), limit=TABLE_ROWS[key]
            ),
            _sources(sources, cited[i], lang, cid),
            downloads.href(cid, lang=lang, **args),
            notes[cid],
        )
        for i, (cid, figure, rows, cols, key) in enumerate(drawn)
    }
    t_ = v.totals
    summary = html.Span(
        tr(TEXT, "summary", lang, p=t_.partners, d=t_.domains, c=t_.cells, s=t_.sources)
    )
    return cards, summary


# --- controls -----------------------------------------------------------------------------------


def _chip(key: str, value: str, label: Any, is_pressed: bool, swatch: str | None = None) -> Any:
    children = [html.Span(className="coop-swatch", style={"background": swatch}), label]
    return html.Button(
        children if swatch else label,
        id={"type": CHIP, "filter": key, "value": value},
        type="button",
        className="coop-chip",
        n_clicks=0,
        **{"aria-pressed": str(is_pressed).lower(), "data-value": value},
    )


def _chip_group(
    key: str, legend: str, options: Sequence[tuple[str, Any, str | None]], selection: str, lang: str
) -> html.Fieldset:
    values = [ALL_VALUE, *(o[0] for o in options)]
    states = pressed(selection, values)
    chips = [_chip(key, ALL_VALUE, tr(TEXT, "f_all", lang), states[0] == "true")]
    chips += [
        _chip(key, value, label, state == "true", swatch)
        for (value, label, swatch), state in zip(options, states[1:], strict=True)
    ]
    return html.Fieldset(
        [
            html.Legend(legend, className="coop-legend"),
            html.Div(chips, className="coop-chips"),
            dcc.Input(id=URL_KEYS[key], type="hidden", value=selection),
        ],
        className=f"coop-fieldset coop-fieldset-{key}",
    )


def controls(filters: Filters, lang: str) -> html.Section:
    groups = query("cooperation_groups")
    years = query("cooperation_years").row(0, named=True)
    group_opts = [(g["group_id"], g[f"label_{lang}"], None) for g in groups.iter_rows(named=True)]
    kind_opts = [(k, t(f"kind_{k}", lang), None) for k in KINDS]
    status_opts = [
        (s, f"{i} · {t('coop_' + s, lang)}", COOP_COLOURS[s]) for i, s in enumerate(STATUS_ORDER, 1)
    ]
    year_inputs = [
        html.Div(
            [
                html.Label(tr(TEXT, label, lang), htmlFor=URL_KEYS[key]),
                dcc.Input(
                    id=URL_KEYS[key],
                    type="number",
                    min=1900,
                    max=2100,
                    step=1,
                    value=getattr(filters, attr),
                    debounce=True,
                    placeholder=str(years[bound] or ""),
                    className="coop-year",
                ),
            ],
            className="control coop-year-control",
        )
        for key, label, attr, bound in (
            ("from", "f_from", "year_from", "first_year"),
            ("to", "f_to", "year_to", "last_year"),
        )
    ]
    undated = html.Button(
        tr(TEXT, "f_undated", lang),
        id=f"{PAGE}-undated-toggle",
        type="button",
        className="coop-chip coop-check",
        n_clicks=0,
        **{"aria-pressed": str(filters.undated).lower()},
    )
    period = html.Fieldset(
        [
            html.Legend(tr(TEXT, "f_period", lang), className="coop-legend"),
            html.Div(
                [
                    *year_inputs,
                    undated,
                    dcc.Input(
                        id=URL_KEYS["undated"],
                        type="hidden",
                        value="" if filters.undated else UNDATED_OFF,
                    ),
                ],
                className="coop-period",
            ),
        ],
        className="coop-fieldset coop-fieldset-period",
    )
    return html.Section(
        [
            html.H2(tr(TEXT, "filters", lang), id=f"{PAGE}-filters-title"),
            _chip_group(
                "groups", tr(TEXT, "f_groups", lang), group_opts, ",".join(filters.groups), lang
            ),
            html.Div(
                [
                    _chip_group(
                        "type", tr(TEXT, "f_type", lang), kind_opts, ",".join(filters.kinds), lang
                    ),
                    _chip_group(
                        "status",
                        tr(TEXT, "f_status", lang),
                        status_opts,
                        ",".join(filters.statuses),
                        lang,
                    ),
                    period,
                ],
                className="coop-filter-row",
            ),
            html.P(tr(TEXT, "f_hint", lang, n=years["n_undated"]), className="muted coop-hint"),
        ],
        className="card coop-filters",
        id=f"{PAGE}-filters",
        **{"aria-labelledby": f"{PAGE}-filters-title"},
    )


def layout(lang: str = "vi", **query_args: Any) -> html.Div:
    lang = lang_of(lang)
    filters = Filters.from_args(query_args)
    try:
        cards, summary = build(filters, lang)
        panel = controls(filters, lang)
    except NoWarehouse:
        return page(lang, "/cooperation", html.P(t("no_data", lang)), query_args)
    titles = {CARDS[0]: "matrix", CARDS[1]: "overlap", CARDS[2]: "intersections"}

    def card(cid: str) -> html.Section:
        c = cards[cid]
        return chart_card(
            cid,
            tr(TEXT, titles[cid], lang),
            c.figure,
            lang=lang,
            note=tr(TEXT, f"{titles[cid]}_note", lang),
            table=c.table,
            sources=c.sources,
            csv_href=c.csv_href,
            controls=[
                html.P(c.shown, id=f"{cid}-shown", className="chart-note coop-shown", role="status")
            ],
        )

    content = [
        html.H1(tr(TEXT, "heading", lang)),
        html.P(tr(TEXT, "lead", lang), className="lead"),
        url_state.store(PAGE),
        dcc.Store(id=f"{PAGE}-lang", data=lang),
        panel,
        html.P(summary, id=f"{PAGE}-summary", className="coop-summary", **{"aria-live": "polite"}),
        card(CARDS[0]),
        html.Div([card(CARDS[1]), card(CARDS[2])], className="grid grid-2"),
    ]
    return page(lang, "/cooperation", content, query_args)


# --- callbacks ----------------------------------------------------------------------------------


def _toggle_chips(_clicks: list[int], ids: list[dict[str, str]], current: str | None):
    """A chip was clicked: new selection for the hidden input and every chip's aria-pressed."""
    clicked = (ctx.triggered_id or {}).get("value")
    options = [i["value"] for i in ids]
    if clicked is None:
        raise dash.exceptions.PreventUpdate
    selection = toggle(current, clicked, options)
    return selection, pressed(selection, options)


TOGGLES = {
    key: dash.callback(
        Output(URL_KEYS[key], "value"),
        Output({"type": CHIP, "filter": key, "value": ALL}, "aria-pressed"),
        Input({"type": CHIP, "filter": key, "value": ALL}, "n_clicks"),
        State({"type": CHIP, "filter": key, "value": ALL}, "id"),
        State(URL_KEYS[key], "value"),
        prevent_initial_call=True,
    )(_toggle_chips)
    for key in ("groups", "type", "status")
}


@dash.callback(
    Output(URL_KEYS["undated"], "value"),
    Output(f"{PAGE}-undated-toggle", "aria-pressed"),
    Input(f"{PAGE}-undated-toggle", "n_clicks"),
    State(URL_KEYS["undated"], "value"),
    prevent_initial_call=True,
)
def toggle_undated(_clicks: int, current: str | None) -> tuple[str, str]:
    new = "" if current == UNDATED_OFF else UNDATED_OFF
    return new, "false" if new == UNDATED_OFF else "true"


@dash.callback(
    [Output(f"{cid}-graph", "figure") for cid in CARDS]
    + [Output(f"{cid}-table", "children") for cid in CARDS]
    + [Output(f"{cid}-sources", "children") for cid in CARDS]
    + [Output(f"{cid}-csv", "href") for cid in CARDS]
    + [Output(f"{PAGE}-summary", "children")]
    + [Output(f"{cid}-shown", "children") for cid in CARDS],
    [Input(URL_KEYS[key], "value") for key in URL_KEYS],
    State(f"{PAGE}-lang", "data"),
    prevent_initial_call=True,
)
def update(
    groups: str | None,
    kinds: str | None,
    statuses: str | None,
    year_from: Any,
    year_to: Any,
    undated: str | None,
    lang: str,
) -> list[Any]:
    """Filters changed: redraw the three charts with their tables, sources and CSV links."""
    lang = lang_of(lang)
    filters = Filters.from_args(
        {
            "groups": groups, "type": kinds, "status": statuses, "from": year_from,
            "to": year_to, "undated": undated,
        }
    )  # fmt: skip
    try:
        cards, summary = build(filters, lang)
    except NoWarehouse:
        raise dash.exceptions.PreventUpdate from None
    ordered = [cards[cid] for cid in CARDS]
    return (
        [c.figure for c in ordered]
        + [c.table for c in ordered]
        + [c.sources.children for c in ordered]
        + [c.csv_href for c in ordered]
        + [summary]
        + [c.shown for c in ordered]
    )
