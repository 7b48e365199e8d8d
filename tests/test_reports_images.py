"""Chart images: PNG size and 300 dpi (pHYs), SVG text in the chosen language with Noto CJK
embedded, the provenance footer drawn inside, Korean glyphs that are real glyphs (not boxes)."""

from __future__ import annotations

import base64
import io
import os
import re
import struct
import zlib
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import pytest
from fontTools.ttLib import TTFont
from PIL import Image

from charts.trend import trend_chart
from reports import images
from reports.images import render_chart, render_charts, set_png_dpi, svg_text, wrap_line
from reports.provenance import Provenance

CHROMIUM = os.environ.get("BROWSER_PATH", "/usr/bin/chromium")
FRAME = pd.DataFrame({
    "year": [2018, 2019, 2020, 2021, 2018, 2019, 2020, 2021],
    "group": ["Birds"] * 4 + ["Mammals"] * 4,
    "value": [0.81, 0.8, 0.79, 0.78, 0.62, 0.61, 0.6, 0.6],
    "lower": None, "upper": None,
})
TITLES = {"ko": "적색목록지수", "en": "Red List Index"}


def png_chunks(png: bytes) -> dict[bytes, bytes]:
    """Chunk type → data, checking every CRC (so a badly spliced chunk fails the test)."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    chunks, position = {}, 8
    while position < len(png):
        (length,) = struct.unpack(">I", png[position:position + 4])
        kind, data = png[position + 4:position + 8], png[position + 8:position + 8 + length]
        (crc,) = struct.unpack(">I", png[position + 8 + length:position + 12 + length])
        assert crc == zlib.crc32(kind + data) & 0xFFFFFFFF, f"bad CRC in {kind!r}"
        chunks.setdefault(kind, data)
        position += 12 + length
    return chunks


def figure(lang: str, title: str | None = None) -> go.Figure:
    labels = {"title": title or TITLES[lang], "y": "지수" if lang == "ko" else "index", "x": "연도" if lang == "ko" else "Year",
              "series:Birds": "조류" if lang == "ko" else "Birds", "series:Mammals": "포유류" if lang == "ko" else "Mammals"}
    return trend_chart(FRAME, labels, lang, series="group")


def provenance(lang: str) -> Provenance:
    if lang == "ko":
        return Provenance(TITLES["ko"], "지수 (0–1)", "IUCN 적색목록", data_version="42", filters={"분류군": "조류"},
                          drawn_on=date(2026, 2, 1), snapshot="7NR-2026")
    return Provenance(TITLES["en"], "index (0–1)", "IUCN Red List", data_version="42", filters={"group": "Birds"},
                      drawn_on=date(2026, 2, 1), snapshot="7NR-2026")


@pytest.fixture(scope="module")
def renderer() -> Iterator[None]:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM} (Debian: apt-get install chromium)")
    with images.chart_renderer():
        yield


def test_png_is_report_size_at_300_dpi(renderer: None) -> None:
    png = render_chart(figure("en"), "png", provenance=provenance("en"), lang="en")
    chunks = png_chunks(png)
    width, height = struct.unpack(">II", chunks[b"IHDR"][:8])
    assert (width, height) == (images.DEFAULT_WIDTH_PX, images.DEFAULT_HEIGHT_PX) == (1875, 1575)
    assert struct.unpack(">IIB", chunks[b"pHYs"]) == (11811, 11811, 1)  # 300 dpi in pixels per metre
    with Image.open(io.BytesIO(png)) as image:
        assert image.size == (1875, 1575)
        assert [round(v) for v in image.info["dpi"]] == [300, 300]


def test_png_other_size_and_resolution(renderer: None) -> None:
    png = render_chart(figure("en"), "png", provenance=provenance("en"), lang="en", width_px=1000, height_px=700, dpi=150)
    chunks = png_chunks(png)
    assert struct.unpack(">II", chunks[b"IHDR"][:8]) == (1000, 700)
    assert struct.unpack(">IIB", chunks[b"pHYs"]) == (5906, 5906, 1)


def _title_band(png: bytes) -> Image.Image:
    with Image.open(io.BytesIO(png)) as image:
        return image.convert("L").crop((0, 0, image.width // 2, 150))


def test_korean_png_draws_real_glyphs_not_boxes(renderer: None) -> None:
    """Missing glyphs all draw the same box, so two different Korean titles would look alike."""
    first = render_chart(figure("ko", "가나다라"), "png", provenance=provenance("ko"), lang="ko")
    second = render_chart(figure("ko", "마바사아"), "png", provenance=provenance("ko"), lang="ko")
    same = render_chart(figure("ko", "가나다라"), "png", provenance=provenance("ko"), lang="ko")
    band_first, band_second = _title_band(first), _title_band(second)
    assert band_first.tobytes() == _title_band(same).tobytes()  # rendering is deterministic
    differing = sum(a != b for a, b in zip(band_first.tobytes(), band_second.tobytes(), strict=True))
    assert differing > 500, "two different Korean titles drew the same pixels: glyphs are missing"
    assert min(band_first.tobytes()) < 100, "no dark title text drawn"


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_svg_has_title_footer_and_embedded_noto_cjk(renderer: None, lang: str) -> None:
    svg = render_chart(figure(lang), "svg", provenance=provenance(lang), lang=lang).decode("utf-8")
    text = svg_text(svg)
    assert TITLES[lang] in text
    other = TITLES["en" if lang == "ko" else "ko"]
    assert other not in text
    footer = ["단위: 지수 (0–1)", "출처: IUCN 적색목록", "데이터 버전: 42", "스냅숏: 7NR-2026", "작성일: 2026-02-01", "필터: 분류군 = 조류"] \
        if lang == "ko" else ["Unit: index (0–1)", "Source: IUCN Red List", "Data version: 42", "Snapshot: 7NR-2026",
                              "Drawn: 2026-02-01", "Filters: group = Birds"]
    for part in footer:
        assert part in text, part
    assert ("조류" if lang == "ko" else "Birds") in text  # legend
    assert "font-family: 'Noto Sans CJK KR'" in svg
    match = re.search(r"@font-face \{ font-family: 'Noto Sans CJK KR'; src: url\(data:font/woff;base64,([A-Za-z0-9+/=]+)\)", svg)
    assert match, "no embedded Noto Sans CJK KR @font-face"
    font = TTFont(io.BytesIO(base64.b64decode(match.group(1))))
    assert font.flavor == "woff"
    assert font["name"].getDebugName(1) == "Noto Sans CJK KR"
    cmap = font.getBestCmap()
    missing = sorted({c for c in text if not c.isspace() and ord(c) not in cmap})
    assert not missing, f"characters drawn without a glyph in the embedded font: {missing}"
    width = re.search(r'<svg[^>]*width="(\d+)"[^>]*height="(\d+)"', svg)
    assert width and (int(width.group(1)), int(width.group(2))) == (600, 504)


def test_batch_svgs_share_one_font_covering_all(renderer: None) -> None:
    charts = [(figure(lang), provenance(lang), lang) for lang in ("ko", "en")]
    ko, en = (image.decode("utf-8") for image in render_charts(charts, "svg"))
    fonts = [re.search(r"base64,([A-Za-z0-9+/=]+)", svg).group(1) for svg in (ko, en)]  # type: ignore[union-attr]
    assert fonts[0] == fonts[1]
    cmap = TTFont(io.BytesIO(base64.b64decode(fonts[0]))).getBestCmap()
    assert all(ord(c) in cmap for c in TITLES["ko"] + TITLES["en"] if not c.isspace())


def test_unknown_format_is_refused() -> None:
    with pytest.raises(ValueError, match="pdf"):
        render_chart(figure("en"), "pdf", provenance=provenance("en"), lang="en")


def test_set_png_dpi_replaces_an_existing_phys() -> None:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 3), "white").save(buffer, format="PNG", dpi=(72, 72))
    png = set_png_dpi(buffer.getvalue(), 300)
    assert png.count(b"pHYs") == 1
    assert struct.unpack(">IIB", png_chunks(png)[b"pHYs"]) == (11811, 11811, 1)
    with Image.open(io.BytesIO(png)) as image:
        assert image.size == (4, 3)
        image.load()


def test_wrap_line_counts_hangul_as_wide() -> None:
    assert wrap_line("a b c", 10) == ["a b c"]
    korean = wrap_line("가나다 라마바 사아자", 4)
    assert korean == ["가나다", "라마바", "사아자"]
    assert all(len(part) <= 8 for part in wrap_line("x" * 30, 4.4))


def test_footer_lines_in_each_language() -> None:
    assert provenance("ko").footer("ko").splitlines() == [
        "단위: 지수 (0–1) · 출처: IUCN 적색목록",
        "데이터 버전: 42 · 스냅숏: 7NR-2026 · 작성일: 2026-02-01",
        "필터: 분류군 = 조류",
    ]
    plain = Provenance("T", "", "", drawn_on=date(2026, 1, 1))
    assert plain.footer("en") == "Drawn: 2026-01-01"


def test_a_render_that_hangs_fails_in_time_and_the_next_render_gets_a_fresh_browser(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """kaleido's own server waited for good when its Chromium stopped answering; here a render
    has a deadline, the stuck browser is killed and the next render works."""
    import asyncio
    import time

    from reports.kaleido_server import KaleidoServer, RenderTimeout

    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM} (Debian: apt-get install chromium)")
    server = KaleidoServer(render_timeout_s=3)
    server.start()
    try:
        stuck = server._kaleido  # noqa: SLF001 - the browser this test makes unresponsive
        process = stuck.subprocess

        async def never_answers(*args: object, **kwargs: object) -> bytes:
            await asyncio.sleep(3600)
            return b""

        monkeypatch.setattr(stuck, "calc_fig", never_answers)
        started = time.monotonic()
        with pytest.raises(RenderTimeout):
            server.render(figure("en"), {"format": "png", "width": 300, "height": 200, "scale": 1})
        assert time.monotonic() - started < 3 + 10
        assert process.poll() is not None  # the stuck browser is gone, not left running
        png = server.render(figure("ko"), {"format": "png", "width": 300, "height": 200, "scale": 1})
        assert png.startswith(b"\x89PNG") and server._kaleido is not stuck  # noqa: SLF001
    finally:
        server.stop()
