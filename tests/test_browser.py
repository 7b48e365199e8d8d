"""Real-browser checks in Debian's Chromium (Playwright with executable_path, no browser download).

The app is served by a real `streamlit run` on a free 127.0.0.1 port; every request that leaves
localhost is blocked and recorded, so the test also proves the app works offline.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest

from ui.sections import PAGE_SECTIONS, section_label

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# Screenshots go to a temporary folder; `make screenshots` writes them into docs/ for the README.
SCREENSHOT_DIR = Path(os.environ.get("GBF_SCREENSHOT_DIR", "/tmp/gbf-screenshots"))
# (url path, i18n key of the title, minimum number of metrics); every page of app.py is here.
PAGES = [
    ("", "overview.title", 5),  # the default page lives at the root URL
    ("target", "pg.target.nav", 2),
    ("nbsap", "pg.nbsap.title", 4),
    ("species", "pg.species.title", 3),
    ("protected_areas", "pg.pa.title", 4),
    ("trade", "pg.trade.title", 0),
    ("specimens", "pg.specimens.title", 4),
    ("cooperation", "pg.coop.title", 4),
    ("data_management", "pg.data.title", 0),
    ("reports", "brf.page.title", 0),
]
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def serve(database: Path) -> Iterator[str]:
    """`cli.py serve` (as `make run`) on `database`, on a free 127.0.0.1 port; yields its address."""
    port = free_port()
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}"}
    process = subprocess.Popen(
        [sys.executable, "cli.py", "serve", "--port", str(port), "--address", "127.0.0.1",
         "--", "--server.headless", "true", "--browser.gatherUsageStats", "false"],
        cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    break
        except OSError:
            time.sleep(0.3)
    else:
        process.kill()
        pytest.fail(f"streamlit did not start: {process.stdout.read().decode() if process.stdout else ''}")
    yield base
    process.terminate()
    process.wait(timeout=20)


def warmed_copy(sample_database: Path, folder: Path) -> Path:
    """A private copy whose indicator results are stored as `cli.py init` stores them, so the
    overview reads them instead of computing the suite on a cold server."""
    from data_access.database import make_engine
    from data_access.result_cache import warm

    database = folder / "gbf_sample.sqlite"
    shutil.copy(sample_database, database)
    engine = make_engine(f"sqlite:///{database}")
    warm(engine)
    engine.dispose()
    return database


@pytest.fixture(scope="module")
def server(sample_database: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    yield from serve(warmed_copy(sample_database, tmp_path_factory.mktemp("browser")))


STEWARD, STEWARD_PASSWORD = "steward", "browser-test-password"


@pytest.fixture(scope="module")
def steward_server(sample_database: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A server whose database has a data steward's account (the sign-in form and the importer show)."""
    from data_access.accounts import create_user
    from data_access.database import make_engine, session_scope

    database = warmed_copy(sample_database, tmp_path_factory.mktemp("browser_steward"))
    engine = make_engine(f"sqlite:///{database}")
    with session_scope(engine) as session:
        create_user(session, STEWARD, STEWARD_PASSWORD, "steward", actor="test")
    engine.dispose()
    yield from serve(database)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def wait_until_rendered(page, timeout_s: float = 120) -> None:  # type: ignore[no-untyped-def]
    """Until the script run is over: no skeleton placeholder and the page content unchanged for 2 s."""
    deadline = time.monotonic() + timeout_s
    settled, last = 0, -1
    while time.monotonic() < deadline and settled < 4:
        busy = page.locator("[data-testid='stStatusWidget'], [data-testid='stSkeleton']").count()
        size = page.evaluate("() => (document.querySelector(\"[data-testid='stMain']\") || {innerHTML: ''}).innerHTML.length")
        settled = settled + 1 if busy == 0 and size == last else 0
        last = size
        page.wait_for_timeout(500)
    page.wait_for_timeout(500)  # let plotly finish drawing


def screenshot(page, path: Path) -> None:  # type: ignore[no-untyped-def]
    """The whole page: Streamlit scrolls inside its main block, so grow the viewport to its height first."""
    height = page.evaluate("() => document.querySelector(\"[data-testid='stMain']\").scrollHeight")
    page.set_viewport_size({"width": 1400, "height": min(max(int(height), 1000), 12_000)})
    page.wait_for_timeout(1500)
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), full_page=True)


def open_page(browser, url: str, outside: list[str], errors: list[str]):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="ko-KR")
    page = context.new_page()

    def route(route):  # type: ignore[no-untyped-def]
        host = urlparse(route.request.url).hostname
        if host in ("127.0.0.1", "localhost"):
            return route.continue_()
        outside.append(route.request.url)
        return route.abort()

    page.route("**/*", route)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(url, wait_until="networkidle")
    page.wait_for_selector("[data-testid='stMain'] h1", timeout=60_000)
    wait_until_rendered(page)
    return context, page


# The text of the main block a reader sees (collapsed expanders, such as the metadata sheet that
# cites the reference implementation's files, are not shown), charts' SVG text included, icon
# ligatures (':material/upload_file:' is a word in an icon font) taken out.
MAIN_TEXT = """() => { const main = document.querySelector("[data-testid='stMain']");
    const icons = [...main.querySelectorAll("[data-testid='stIconMaterial']")].map(icon => icon.innerText);
    const svg = [...main.querySelectorAll("svg text")].map(text => text.textContent).join(" ");
    return {text: main.innerText + " " + svg, icons: icons}; }"""
# taxon_group, deaths_reported_late_pct, bring_in; also glued to Korean ('make_valid로'), where \b fails
COLUMN_NAME = re.compile(r"(?<![A-Za-z0-9_])[a-z]+(?:_[a-z0-9]+)+(?![A-Za-z0-9_])")


def column_names_shown(page) -> list[str]:  # type: ignore[no-untyped-def]
    """Database or frame column names and codes left in what the reader sees (none should be)."""
    shown = page.evaluate(MAIN_TEXT)
    return sorted(set(COLUMN_NAME.findall(shown["text"])) - set(shown["icons"]))


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize(("url_path", "title_key", "min_metrics"), PAGES)
def test_page_renders_offline_in_both_languages(browser, server: str, url_path: str, title_key: str, min_metrics: int, lang: str) -> None:  # type: ignore[no-untyped-def]
    from i18n import t

    outside: list[str] = []
    errors: list[str] = []
    context, page = open_page(browser, f"{server}/{url_path}?lang={lang}", outside, errors)
    try:
        title = page.locator("[data-testid='stMain'] h1").first.inner_text().strip()
        expected = t("pg.target.title_target", lang, code="3") if url_path == "target" else t(title_key, lang)
        assert title == expected
        assert page.locator("[data-testid='stException']").count() == 0
        assert page.locator("[data-testid='stMetric']").count() >= min_metrics
        assert not column_names_shown(page)
        assert not errors, errors
        assert not outside, f"requests left localhost: {outside}"
        screenshot(page, SCREENSHOT_DIR / f"{url_path or 'overview'}_{lang}.png")
    finally:
        context.close()


@pytest.mark.browser
def test_a_shared_url_opens_the_same_view(browser, server: str) -> None:  # type: ignore[no-untyped-def]
    """Filters live in the URL: opening a copied address shows the same target and filters."""
    outside: list[str] = []
    errors: list[str] = []
    context, page = open_page(browser, f"{server}/target?target=5&lang=en", outside, errors)
    try:
        assert page.locator("[data-testid='stMain'] h1").first.inner_text().strip() == "GBF Target 5"
        assert not outside and not errors
    finally:
        context.close()
    context, page = open_page(browser, f"{server}/species?lang=ko&q=%EC%88%98%EB%8B%AC", outside, errors)
    try:
        assert page.locator("[data-testid='stTextInput'] input").first.input_value() == "수달"
        assert page.locator("[data-testid='stException']").count() == 0
    finally:
        context.close()


@pytest.mark.browser
def test_the_overview_answers_at_its_name_too(browser, server: str) -> None:  # type: ignore[no-untyped-def]
    """/overview (as every other page answers at its name) opens the overview at /, language kept,
    not Streamlit's English "Page not found" dialog over it."""
    from i18n import t

    outside: list[str] = []
    errors: list[str] = []
    context, page = open_page(browser, f"{server}/overview?lang=ko", outside, errors)
    try:
        assert page.locator("[data-testid='stMain'] h1").first.inner_text().strip() == t("overview.title", "ko")
        assert page.get_by_text("Page not found").count() == 0
        assert urlparse(page.url).path == "/" and "lang=ko" in page.url
        assert not outside and not errors
    finally:
        context.close()


@pytest.mark.browser
def test_maps_draw_offline_without_tiles(browser, server: str) -> None:  # type: ignore[no-untyped-def]
    outside: list[str] = []
    errors: list[str] = []
    for view, charts in (("map", 1), ("coverage", 2)):  # the site map; the trend and the province map
        context, page = open_page(browser, f"{server}/protected_areas?lang=ko&view={view}", outside, errors)
        try:
            assert page.locator(".js-plotly-plot").count() >= charts
            assert page.locator(".js-plotly-plot .geo, .js-plotly-plot .maplibregl-map, .js-plotly-plot .mapboxgl-map").count() == 0
            assert not outside, f"requests left localhost: {outside}"
            assert not errors, errors
            if view == "map":
                _hiding_a_site_type_hides_its_dots(page)
        finally:
            context.close()


def _hiding_a_site_type_hides_its_dots(page) -> None:  # type: ignore[no-untyped-def]
    """A click on the legend's protected-area entry hides their polygons and their dots together."""
    from i18n import t

    dots = "() => document.querySelectorAll('.js-plotly-plot .scatterlayer .trace:not([style*=\"opacity: 0\"]) path.point').length"
    before = page.evaluate(dots)
    entry = page.locator(".js-plotly-plot g.traces", has=page.locator(".legendtext", has_text=t("pg.pa.site.PA", "ko")))
    entry.locator("rect.legendtoggle").click()
    page.wait_for_timeout(1000)
    after = page.evaluate(dots)
    assert 0 < after < before / 2, (before, after)  # OECM and province dots stay, the many PA dots go


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize("page_name", sorted(PAGE_SECTIONS))
def test_every_section_renders_offline(browser, server: str, page_name: str, lang: str) -> None:  # type: ignore[no-untyped-def]
    """Each section of a page in sections, opened from its URL; the chosen one is the one shown."""
    from i18n import t

    for code in PAGE_SECTIONS[page_name]:
        outside: list[str] = []
        errors: list[str] = []
        context, page = open_page(browser, f"{server}/{page_name}?lang={lang}&view={code}", outside, errors)
        try:
            control = f"[data-testid='stMain'] [role='radiogroup'][aria-label='{t('pg.section', lang)}']"
            chosen = page.locator(f"{control} button[aria-checked='true']")
            assert chosen.first.inner_text().strip() == section_label(page_name, code, lang), code
            assert page.locator("[data-testid='stException']").count() == 0, code
            assert not column_names_shown(page), code
            assert not errors, (code, errors)
            assert not outside, f"requests left localhost: {outside}"
        finally:
            context.close()


@pytest.mark.browser
@pytest.mark.parametrize("target", ["5", "6", "13", "20", "21"])
def test_indicator_sections_name_their_series_in_korean(browser, server: str, target: str) -> None:  # type: ignore[no-untyped-def]
    """The targets whose indicators have several series or fixed slices: legends, captions and notes
    read in Korean, no column value (new_establishments, bring_in, term) left."""
    from ui.indicators import indicators_for_target

    for indicator_id, _meta in indicators_for_target(target):
        outside: list[str] = []
        errors: list[str] = []
        context, page = open_page(browser, f"{server}/target?lang=ko&target={target}&view={indicator_id}", outside, errors)
        try:
            assert page.locator("[data-testid='stException']").count() == 0, indicator_id
            assert not column_names_shown(page), indicator_id
            assert not errors, (indicator_id, errors)
        finally:
            context.close()


# What a reader sees drawn by CSS `content` (ui/streamlit_words.py): the English text is kept at
# font size 0 and the pseudo-element carries the words.
DRAWN_WORDS = """els => els.map(e => ({text: e.innerText, size: getComputedStyle(e).fontSize,
                                     drawn: getComputedStyle(e, '::after').content}))"""


def shown_words(element: dict) -> str:  # type: ignore[type-arg]
    """The words a reader sees on an element: the drawn ones when the English is hidden."""
    if element["size"] == "0px":
        return element["drawn"].strip('"')
    assert element["drawn"] in ("none", "normal", ""), element
    return element["text"]


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["ko", "en"])
def test_streamlit_and_plotly_words_are_in_the_readers_language(browser, server: str, lang: str) -> None:  # type: ignore[no-untyped-def]
    """A search box's hint and the chart tool-bar tips come from Streamlit and plotly.js, in English
    unless the app translates them."""
    from charts.plotly_locale import KOREAN_DICTIONARY
    from i18n import t

    outside: list[str] = []
    errors: list[str] = []
    context, page = open_page(browser, f"{server}/species?lang={lang}&view=search", outside, errors)
    try:
        page.locator("[data-testid='stTextInput'] input").first.fill("수달")
        page.wait_for_selector("[data-testid='InputInstructions'] span", state="attached")  # font size 0 in Korean
        hint = page.eval_on_selector_all("[data-testid='stTextInput'] [data-testid='InputInstructions'] > span", DRAWN_WORDS)
        assert shown_words(hint[0]) == t("st.input.enter_apply", lang)
    finally:
        context.close()
    context, page = open_page(browser, f"{server}/trade?lang={lang}", outside, errors)
    try:
        tips = page.eval_on_selector_all(".modebar-btn", "els => els.map(e => e.getAttribute('data-title'))")
        english = ["Download plot as a PNG", "Zoom in", "Zoom out", "Reset axes"]
        expected = english if lang == "en" else [KOREAN_DICTIONARY[tip] for tip in english]
        assert set(expected) <= set(tips), tips
        fullscreen = page.eval_on_selector(".modebar-btn[data-title='Fullscreen']", "e => getComputedStyle(e, '::after').content")
        assert fullscreen.strip('"') == t("st.chart.fullscreen", lang)  # Streamlit's own button, its tip redrawn
        assert not errors and not outside
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["ko", "en"])
def test_sign_in_and_file_uploader_words_are_in_the_readers_language(browser, steward_server: str, lang: str) -> None:  # type: ignore[no-untyped-def]
    """A data steward signs in (the form's hint) and meets the file uploader (its button and size limit)."""
    from i18n import t

    outside: list[str] = []
    errors: list[str] = []
    context, page = open_page(browser, f"{steward_server}/data_management?lang={lang}", outside, errors)
    try:
        page.locator("[data-testid='stPopover'] button").first.click()
        page.locator("[data-testid='stForm'] [data-testid='stTextInput'] input").first.fill(STEWARD)
        page.wait_for_selector("[data-testid='stForm'] [data-testid='InputInstructions'] span", state="attached")
        hint = page.eval_on_selector_all("[data-testid='stForm'] [data-testid='InputInstructions'] > span", DRAWN_WORDS)
        assert shown_words(hint[0]) == t("st.input.enter_submit", lang)
        page.locator("input[type='password']").fill(STEWARD_PASSWORD)
        page.locator("[data-testid='stFormSubmitButton'] button").click()
        page.wait_for_selector("[data-testid='stFileUploaderDropzone']", timeout=60_000)
        button = page.eval_on_selector_all("[data-testid='stFileUploaderDropzone'] button p", DRAWN_WORDS)
        limit = page.eval_on_selector_all("[data-testid='stFileUploaderDropzoneInstructions'] span", DRAWN_WORDS)
        assert shown_words(button[0]) == t("st.upload.button", lang)
        assert shown_words(limit[0]) == t("st.upload.limit", lang, mb=200)
        assert not errors and not outside
    finally:
        context.close()
