"""Sources and method in Chromium: the facts search and filters live in the URL and are restored
in a fresh page, and the facts CSV holds exactly the table's rows."""

from __future__ import annotations

import csv
import io
from urllib.parse import parse_qs, urlparse

import pytest

from tests.browser.conftest import OpenedPage, wait_for_charts

pytestmark = pytest.mark.browser

TABLE_ROWS = "#sources-facts-table tbody tr"


def table_ids(page: object) -> list[tuple[str, str]]:
    """(label, source ids) of each row of the facts table."""
    return [
        (cells[1], cells[3])
        for cells in page.eval_on_selector_all(
            TABLE_ROWS, "rows => rows.map(r => Array.from(r.cells).map(c => c.innerText.trim()))"
        )
    ]


def csv_rows(page: object, base: str) -> list[dict[str, str]]:
    href = page.locator("#sources-facts-csv").get_attribute("href")
    response = page.request.get(base + href)
    assert response.ok and response.headers["content-type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.body().decode("utf-8-sig"))))


def test_facts_csv_holds_the_table_rows(open_page, live_server: str) -> None:
    opened: OpenedPage = open_page("/sources?lang=en&type=event&corroboration=multiple_sources")
    page = opened.page
    rows = table_ids(page)
    assert len(rows) >= 2
    data = csv_rows(page, live_server)
    assert [(r["label"], r["source_ids"]) for r in data] == rows
    meeting = next(r for r in data if r["fact_id"] == "kor-ministers-2025-08-12")
    assert (meeting["n_sources"], meeting["languages"]) == ("2", "fr, no")
    assert opened.console_errors == [] and opened.failed_requests == []


def test_search_is_kept_in_the_url_and_restored(open_page, live_server: str) -> None:
    opened = open_page("/sources?lang=vi")
    page = opened.page
    total = page.locator(TABLE_ROWS).count()
    # accents and case do not matter: "han quoc" finds "Hàn Quốc"
    page.get_by_label("Tìm dữ kiện").fill("han quoc")
    page.get_by_label("Tìm dữ kiện").press("Enter")
    page.wait_for_function(f"() => document.querySelectorAll('{TABLE_ROWS}').length < {total}")
    assert parse_qs(urlparse(page.url).query)["q"] == ["han quoc"]
    shown = table_ids(page)
    assert shown and all("Hàn Quốc" in label for label, _ in shown)
    page.get_by_role("button", name="Từ hai nguồn").click()
    page.wait_for_function(f"() => document.querySelectorAll('{TABLE_ROWS}').length < {len(shown)}")
    narrowed = table_ids(page)
    assert parse_qs(urlparse(page.url).query)["corroboration"] == ["multiple_sources"]

    fresh = open_page(page.url.removeprefix(live_server)).page
    wait_for_charts(fresh)
    assert fresh.get_by_label("Tìm dữ kiện").input_value() == "han quoc"
    assert fresh.get_by_role("button", name="Từ hai nguồn").get_attribute("aria-pressed") == "true"
    assert table_ids(fresh) == narrowed
    assert [(r["label"], r["source_ids"]) for r in csv_rows(fresh, live_server)] == narrowed
