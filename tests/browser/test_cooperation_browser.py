"""Cooperation page in a real browser: a filter change rewrites the URL, the URL reopens the same
view in a fresh page (controls and charts), filters are keyboard-operable, and the matrix CSV of a
filtered view holds exactly the non-empty cells of the table view."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from tests.browser.conftest import OpenedPage, wait_for_charts

pytestmark = pytest.mark.browser

STATUS_CHIP = ".coop-fieldset-status .coop-chip[data-value='{}']"
TYPE_CHIP = ".coop-fieldset-type .coop-chip[data-value='{}']"


def matrix_cells(page: object) -> int:
    """Non-empty cells of the matrix heatmap, read from the drawn Plotly figure."""
    return page.evaluate(
        """() => {
            const gd = document.querySelector('#cooperation-matrix-graph .js-plotly-plot');
            const hm = gd.data.find(t => t.type === 'heatmap');
            return hm.z.flat().filter(v => v !== null && v !== undefined).length;
        }"""
    )


def matrix_rows(page: object) -> list[str]:
    return page.evaluate(
        """() => {
            const gd = document.querySelector('#cooperation-matrix-graph .js-plotly-plot');
            return gd.layout.yaxis.ticktext;
        }"""
    )


def table_rows(page: object, cid: str = "cooperation-matrix") -> int:
    return page.locator(f"#{cid}-table tbody tr").count()


def query_of(page: object) -> dict[str, list[str]]:
    return parse_qs(urlparse(page.url).query)


def wait_summary_change(page: object, before: str) -> None:
    page.wait_for_function(
        "b => document.querySelector('#cooperation-summary').innerText !== b", arg=before
    )
    wait_for_charts(page)


def test_status_filter_goes_to_the_url_and_back(open_page, live_server: str) -> None:
    opened: OpenedPage = open_page("/cooperation?lang=en")
    page = opened.page
    all_cells, all_rows = matrix_cells(page), len(matrix_rows(page))
    assert all_cells == table_rows(page) > 0
    summary = page.locator("#cooperation-summary").inner_text()

    page.locator(STATUS_CHIP.format("completed")).click()
    page.wait_for_function("() => location.search.includes('status=completed')")
    wait_summary_change(page, summary)
    assert query_of(page)["status"] == ["completed"]
    assert page.locator(STATUS_CHIP.format("completed")).get_attribute("aria-pressed") == "true"
    assert page.locator(STATUS_CHIP.format("all")).get_attribute("aria-pressed") == "false"
    filtered_cells, filtered_rows = matrix_cells(page), matrix_rows(page)
    assert 0 < filtered_cells < all_cells
    assert len(filtered_rows) < all_rows
    assert table_rows(page) == filtered_cells
    # the CSV link and the language switch follow the filter
    assert "status=completed" in page.locator("#cooperation-matrix-csv").get_attribute("href")
    assert "status=completed" in page.locator("#lang-switch").get_attribute("href")

    fresh: OpenedPage = open_page(urlparse(page.url).path + "?" + urlparse(page.url).query)
    again = fresh.page
    assert again.locator(STATUS_CHIP.format("completed")).get_attribute("aria-pressed") == "true"
    assert again.locator(STATUS_CHIP.format("proposed")).get_attribute("aria-pressed") == "false"
    assert matrix_cells(again) == filtered_cells
    assert matrix_rows(again) == filtered_rows
    assert table_rows(again) == filtered_cells
    assert opened.console_errors == [] and fresh.console_errors == []
    assert opened.failed_requests == [] and fresh.failed_requests == []


def test_filters_work_from_the_keyboard(open_page) -> None:
    opened: OpenedPage = open_page("/cooperation?lang=vi")
    page = opened.page
    before = page.locator("#cooperation-summary").inner_text()
    page.locator(TYPE_CHIP.format("city")).focus()
    page.keyboard.press("Space")
    page.wait_for_function("() => location.search.includes('type=city')")
    wait_summary_change(page, before)
    assert [r.replace("<br>", " ") for r in matrix_rows(page)] == [
        "Thành phố Hồ Chí Minh (phía Việt Nam)"
    ]
    before = page.locator("#cooperation-summary").inner_text()
    page.locator("#cooperation-undated-toggle").focus()
    page.keyboard.press("Enter")
    page.wait_for_function("() => location.search.includes('undated=no')")
    wait_summary_change(page, before)
    # Ho Chi Minh City's links are dated 14 April with no year: nothing is left
    assert page.locator("#cooperation-undated-toggle").get_attribute("aria-pressed") == "false"
    assert table_rows(page) == 0
    assert opened.console_errors == []


def test_matrix_csv_of_a_filtered_view_has_one_row_per_cell(open_page, tmp_path: Path) -> None:
    opened: OpenedPage = open_page("/cooperation?lang=en&status=proposed,agreed&type=country")
    page = opened.page
    unfiltered = table_rows(page)
    page.fill("#cooperation-year-from", "2025")
    page.keyboard.press("Enter")
    page.locator("#cooperation-undated-toggle").click()
    # the callback that redraws the tables also rewrites the CSV link
    page.wait_for_function(
        """() => {
            const href = document.querySelector('#cooperation-matrix-csv').getAttribute('href');
            return href.includes('from=2025') && href.includes('undated=no');
        }"""
    )
    wait_for_charts(page)
    assert query_of(page)["from"] == ["2025"] and query_of(page)["undated"] == ["no"]
    cells = table_rows(page)
    assert cells == matrix_cells(page) > 0
    assert cells < unfiltered
    with page.expect_download() as info:
        page.locator("#cooperation-matrix-csv").click()
    target = tmp_path / "matrix.csv"
    info.value.save_as(target)
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
    assert len(rows) == cells
    assert {r["status"] for r in rows} <= {"proposed", "agreed"}
    assert {r["partner_id"] for r in rows} <= {"KOR", "LAO", "RUS", "USA", "JPN"}
    assert all(r["source_ids"] for r in rows)
    assert opened.failed_requests == []
