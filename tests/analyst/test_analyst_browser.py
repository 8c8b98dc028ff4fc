"""The analyst pages in headless Chromium, both languages: the console runs an example and shows
rows, a hostile statement shows a clear message, results download, the dictionary and downloads
pages render; no console error, no failed request, no serious or critical axe-core violation.
Screenshots go to tests/artifacts/screenshots/ (console-vi.png, dictionary-en.png, …)."""

from __future__ import annotations

import csv
import io

import pytest

from tests.browser.conftest import SHOTS, OpenedPage

pytestmark = pytest.mark.browser

HEADINGS = {
    "console": {"vi": "Truy vấn SQL", "en": "SQL console"},
    "dictionary": {"vi": "Từ điển dữ liệu", "en": "Data dictionary"},
    "downloads": {"vi": "Tải dữ liệu", "en": "Downloads"},
}
STATUS_WORD = {"vi": "dòng", "en": "rows"}


def run(page: object) -> None:
    """Press Run and wait for the new result (rows or a message), not the one shown before."""
    page.evaluate(
        "() => document.querySelectorAll('#console-result > *').forEach(e => e.dataset.stale = 1)"
    )
    page.click("#console-run")
    page.wait_for_selector(
        "#console-result > :not([data-stale]) #console-status, "
        "#console-result > :not([data-stale])#console-error",
        timeout=30000,
    )


def shot(page: object, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def clean(opened: OpenedPage) -> None:
    assert opened.console_errors == []
    assert opened.failed_requests == []


def serious_violations(page: object) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:5]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_console_runs_an_example_and_shows_rows(open_page, lang: str) -> None:
    opened = open_page(f"/console?lang={lang}&example=partner_domains")
    page = opened.page
    assert HEADINGS["console"][lang] in page.locator("h1").inner_text()
    assert page.locator(".page").get_attribute("lang") == lang
    assert "$partner" in page.locator("#console-sql").input_value()
    run(page)
    rows = page.locator("#console-table tbody tr").count()
    assert rows > 0
    status = page.locator("#console-status")
    assert int(status.get_attribute("data-rows")) == rows
    assert STATUS_WORD[lang] in status.inner_text()
    assert page.locator("#console-download-csv").is_visible()
    shot(page, f"console-{lang}")
    clean(opened)


def test_console_example_picker_and_parameters(open_page) -> None:
    opened = open_page("/console?lang=en")
    page = opened.page
    page.select_option("#console-example", "laws_by_stage")
    page.click("#console-example-open")
    page.wait_for_url("**example=laws_by_stage**")
    page.wait_for_selector("#console-sql")
    assert "v_legal_instruments" in page.locator("#console-sql").input_value()
    labels = page.locator(".console-param-label").all_inner_texts()
    assert any("$jurisdiction" in x for x in labels) and any("$stage" in x for x in labels)
    stage = page.get_by_label("Stage $stage")
    stage.fill("adopted")
    run(page)
    stages = page.locator("#console-table tbody tr td:nth-child(4)").all_inner_texts()
    assert stages and set(stages) == {"adopted"}
    clean(opened)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_console_hostile_statement_shows_a_clear_message(open_page, lang: str) -> None:
    opened = open_page(f"/console?lang={lang}")
    page = opened.page
    expected = {
        "select * from read_text('/etc/passwd')": ("forbidden", {"vi": "tệp", "en": "files"}),
        "copy source to '/tmp/x.csv'": ("not_select", {"vi": "SELECT", "en": "SELECT"}),
        "select 1; drop table source": ("multiple", {"vi": "một câu lệnh", "en": "one statement"}),
        "select * from no_such_table": ("error", {"vi": "DuckDB", "en": "DuckDB"}),
    }
    for sql, (kind, words) in expected.items():
        page.fill("#console-sql", sql)
        run(page)
        error = page.locator("#console-error")
        assert error.get_attribute("data-kind") == kind
        assert error.get_attribute("role") == "alert"
        text = error.inner_text()
        assert words[lang] in text and "Traceback" not in text
        if kind == "forbidden":
            shot(page, f"console-error-{lang}")
    page.fill("#console-sql", "select count(*) as n from v_target_progress")
    run(page)
    assert page.locator("#console-table tbody tr").count() == 1
    clean(opened)


def test_console_result_downloads_as_csv_and_parquet(open_page) -> None:
    opened = open_page("/console?lang=en&example=partner_domains")
    page = opened.page
    run(page)
    rows = int(page.locator("#console-status").get_attribute("data-total"))
    with page.expect_download() as info:
        page.click("#console-download-csv")
    body = info.value.path().read_bytes().decode("utf-8-sig")
    assert len(list(csv.DictReader(io.StringIO(body)))) == rows
    with page.expect_download() as info:
        page.click("#console-download-parquet")
    import pyarrow.parquet as pq

    assert pq.read_table(info.value.path()).num_rows == rows
    clean(opened)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_dictionary_renders(open_page, lang: str) -> None:
    opened = open_page(f"/dictionary?lang={lang}", screenshot=f"dictionary-{lang}")
    page = opened.page
    assert HEADINGS["dictionary"][lang] in page.locator("h1").inner_text()
    assert page.locator(".page").get_attribute("lang") == lang
    kinds = page.locator(".dictionary-entry").evaluate_all("els => els.map(e => e.dataset.kind)")
    assert kinds.count("view") == 8 and kinds.count("table") >= 20
    assert kinds == sorted(kinds, key=lambda k: k != "view")
    clean(opened)


def test_dictionary_example_opens_in_the_console(open_page) -> None:
    opened = open_page("/dictionary?lang=en")
    page = opened.page
    page.locator("#dictionary-v_partner_overlap .dictionary-run").click()
    page.wait_for_url("**/console?**")
    page.wait_for_selector("#console-sql")
    assert "from v_partner_overlap" in page.locator("#console-sql").input_value()
    run(page)
    assert page.locator("#console-table tbody tr").count() > 0
    clean(opened)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_downloads_page_renders_and_serves_files(open_page, lang: str) -> None:
    opened = open_page(f"/downloads?lang={lang}", screenshot=f"downloads-{lang}")
    page = opened.page
    assert HEADINGS["downloads"][lang] in page.locator("h1").inner_text()
    with page.expect_download() as info:
        page.click("#downloads-v_partner_overlap-csv")
    assert info.value.suggested_filename == "v_partner_overlap.csv"
    clean(opened)


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("name", ["console", "dictionary", "downloads"])
def test_accessibility(open_page, name: str, lang: str) -> None:
    opened = open_page(f"/{name}?lang={lang}")
    page = opened.page
    if name == "console":
        run(page)  # the result table too
    assert serious_violations(page) == []


def test_console_error_state_accessibility(open_page) -> None:
    opened = open_page("/console?lang=vi")
    page = opened.page
    page.fill("#console-sql", "select * from read_csv('/etc/passwd')")
    run(page)
    assert serious_violations(page) == []
