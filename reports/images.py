"""Charts as report images: PNG at 300 dpi and SVG, with the provenance footer drawn inside.

Rendered server-side by kaleido in the system Chromium (`BROWSER_PATH`, default
/usr/bin/chromium), never a downloaded browser and never a CDN: MathJax is switched off and
plotly.js comes from the installed plotly package. One Chromium is started on first use and kept
warm for the life of the process (`reports.kaleido_server`), so a batch pays the ~4 s start-up
once; every image has a deadline, after which the browser is restarted and the caller gets a
RenderError instead of waiting for good.

Korean text: Chromium draws the PNG with the Noto Sans CJK KR face of the system's
fonts-noto-cjk; every SVG embeds a WOFF subset of that same face (only the characters the image
uses, ~5–15 kB) in an `@font-face` rule, so Korean renders as real text on a machine without the
font too. A missing font file is an error, never a silent fall-back to empty boxes.

>>> from reports.provenance import Provenance
>>> png = render_chart(figure, "png", provenance=Provenance("RLI", "index", "IUCN"), lang="en")  # doctest: +SKIP
"""

from __future__ import annotations

import base64
import html
import io
import os
import re
import struct
import subprocess
import zlib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import cache, lru_cache
from pathlib import Path

import plotly.graph_objects as go

from charts.theme import FOOTER_LINE_PX as THEME_FOOTER_LINE_PX
from charts.theme import visual_width as _visual_width
from charts.theme import wrap_line
from reports.kaleido_server import SERVER
from reports.provenance import Provenance

FORMATS: tuple[str, ...] = ("png", "svg")
CSS_DPI = 96  # plotly lays out in CSS pixels, 96 to the inch
DEFAULT_DPI = 300
# Report size: 600 × 504 CSS px = 15.9 × 13.3 cm, which at 300 dpi is exactly 1875 × 1575 px.
DEFAULT_WIDTH_PX = 1875
DEFAULT_HEIGHT_PX = 1575
FONT_FACE = "Noto Sans CJK KR"  # the first family of charts.theme.FONT_FAMILY
FOOTER_FONT_SIZE = 10
FOOTER_LINE_PX = 14
FOOTER_COLOUR = "#555555"  # darker than charts.theme.MUTED: it must survive printing
# Where Debian/Ubuntu (fonts-noto-cjk) and Homebrew/macOS put the Noto Sans CJK collection.
FONT_CANDIDATES: tuple[str, ...] = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
    "/Library/Fonts/NotoSansCJK-Regular.ttc",
    str(Path.home() / "Library/Fonts/NotoSansCJK-Regular.ttc"),
)


class RenderError(RuntimeError):
    """A chart could not be rendered (no browser, no CJK font, kaleido failure)."""


# --- the font -------------------------------------------------------------------------------


@cache
def cjk_font() -> tuple[Path, int]:
    """(file, face number) of Noto Sans CJK KR: `GBF_CJK_FONT`, the usual paths, then fontconfig."""
    from fontTools.ttLib import TTFont

    candidates = [os.environ.get("GBF_CJK_FONT", ""), *FONT_CANDIDATES]
    try:
        found = subprocess.run(["fc-match", "-f", "%{file}", FONT_FACE], capture_output=True, text=True, timeout=10)
        candidates.append(found.stdout.strip())
    except (OSError, subprocess.SubprocessError):
        pass
    for candidate in filter(None, candidates):
        path = Path(candidate)
        if not path.is_file():
            continue
        faces = 1 if path.suffix.lower() != ".ttc" else _face_count(path)
        for number in range(faces):
            font = TTFont(path, fontNumber=number, lazy=True)
            if font["name"].getDebugName(1) == FONT_FACE:
                return path, number
    raise RenderError(
        f"the font '{FONT_FACE}' was not found (Debian: apt-get install fonts-noto-cjk, or set GBF_CJK_FONT); "
        "Korean text would be drawn as empty boxes"
    )


def _face_count(path: Path) -> int:
    with path.open("rb") as handle:
        header = handle.read(12)
    return struct.unpack(">I", header[8:12])[0] if header[:4] == b"ttcf" else 1


@lru_cache(maxsize=64)
def font_subset_woff(characters: frozenset[str]) -> bytes:
    """A WOFF of Noto Sans CJK KR with only `characters` (and .notdef); ~1 s, most of it parsing
    the 65,000-glyph face, so a batch embeds one subset for all its images (`svg_characters`)."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    path, number = cjk_font()
    font = TTFont(path, fontNumber=number, lazy=True)
    options = subset.Options()
    options.flavor = "woff"
    options.layout_features = ["kern", "liga"]
    options.hinting = False
    subsetter = subset.Subsetter(options)
    subsetter.populate(text="".join(sorted(characters)))
    subsetter.subset(font)
    buffer = io.BytesIO()
    font.flavor = "woff"
    font.save(buffer)
    return buffer.getvalue()


_TEXT_CONTENT = re.compile(r"<text\b[^>]*>(.*?)</text>", re.DOTALL)
_TAGS = re.compile(r"<[^>]+>")


def svg_text(svg: str) -> str:
    """All text drawn in an SVG (entities decoded), in document order."""
    return " ".join(html.unescape(_TAGS.sub("", part)) for part in _TEXT_CONTENT.findall(svg))


def svg_characters(svg: bytes) -> frozenset[str]:
    """The characters an SVG draws (what its embedded font must cover)."""
    return frozenset(c for c in svg_text(svg.decode("utf-8")) if not c.isspace())


def embed_font(svg: bytes, characters: frozenset[str] | None = None) -> bytes:
    """The SVG with an `@font-face` rule carrying a WOFF subset for every character it draws
    (or for `characters`, a superset shared by a batch of images)."""
    text = svg.decode("utf-8")
    characters = svg_characters(svg) if characters is None else characters
    woff = base64.b64encode(font_subset_woff(characters)).decode("ascii")
    style = (
        f"<style>@font-face {{ font-family: '{FONT_FACE}'; "
        f"src: url(data:font/woff;base64,{woff}) format('woff'); }}</style>"
    )
    opening = re.search(r"<svg\b[^>]*>", text)
    if opening is None:
        raise RenderError("kaleido returned no <svg> element")
    return (text[: opening.end()] + style + text[opening.end():]).encode("utf-8")


# --- PNG resolution ---------------------------------------------------------------------------


def _png_chunks(png: bytes) -> Iterator[tuple[bytes, bytes]]:
    position = 8
    while position < len(png):
        (length,) = struct.unpack(">I", png[position : position + 4])
        kind = png[position + 4 : position + 8]
        yield kind, png[position + 8 : position + 8 + length]
        position += 12 + length


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def set_png_dpi(png: bytes, dpi: int) -> bytes:
    """The PNG with a pHYs chunk saying `dpi` (pixels per metre, rounded), any old one replaced."""
    if png[:8] != b"\x89PNG\r\n\x1a\n":
        raise RenderError("not a PNG")
    per_metre = round(dpi / 0.0254)
    out = [png[:8]]
    for kind, data in _png_chunks(png):
        if kind == b"pHYs":
            continue
        out.append(_chunk(kind, data))
        if kind == b"IHDR":
            out.append(_chunk(b"pHYs", struct.pack(">IIB", per_metre, per_metre, 1)))
    return b"".join(out)


def png_size(png: bytes) -> tuple[int, int]:
    return struct.unpack(">II", png[16:24])


def _fit_png(png: bytes, width: int, height: int) -> bytes:
    """Pad or crop by the odd pixel that CSS-pixel rounding leaves, on the white background."""
    if png_size(png) == (width, height):
        return png
    from PIL import Image

    with Image.open(io.BytesIO(png)) as image:
        canvas = Image.new("RGB", (width, height), "white")
        canvas.paste(image.convert("RGB"), (0, 0))
        buffer = io.BytesIO()
        canvas.save(buffer, format="PNG", optimize=False)
    return buffer.getvalue()


# --- the figure as exported -------------------------------------------------------------------


# charts.theme.apply_theme draws a chart's own footer ("based on N · source") as a paper-anchored
# annotation this far below the plot, in a bottom margin this much larger than without it.
THEME_FOOTER_SHIFT = -58
THEME_FOOTER_MARGIN = 48
AXIS_TITLE_SIZE = 14


def _take_theme_footer(figure: go.Figure) -> str | None:
    """Remove the theme's footer annotation from `figure` and return its text (or None)."""
    kept, footer = [], None
    for annotation in figure.layout.annotations:
        if annotation.yref == "paper" and annotation.y == 0 and annotation.yshift == THEME_FOOTER_SHIFT and footer is None:
            footer = annotation.text
        else:
            kept.append(annotation)
    if footer is not None:
        figure.layout.annotations = kept
    return footer


def _wrap_y_titles(figure: go.Figure, plot_height: float) -> None:
    """Break a y-axis title that is longer than the plot is high (long units) over several lines."""
    max_ems = max(8.0, 0.95 * plot_height / AXIS_TITLE_SIZE)
    for axis_name in [name for name in figure.layout if name.startswith("yaxis")]:
        axis = figure.layout[axis_name]
        text = axis.title.text if axis.title else None
        if text and "<br>" not in text and _visual_width(text) > max_ems:
            axis.title.text = "<br>".join(wrap_line(text, max_ems))


def export_figure(figure: go.Figure, provenance: Provenance, lang: str, *, width: int, height: int) -> go.Figure:
    """A copy of `figure` laid out at `width` × `height` CSS px with title, legend and footer.

    The chart's own footer (input count, main source) becomes the first footer line, so the image
    has one footer block under the plot.
    """
    exported = go.Figure(figure)
    layout = exported.layout
    if not (layout.title and layout.title.text):
        exported.update_layout(title={"text": f"<b>{html.escape(provenance.title)}</b>", "x": 0, "xanchor": "left"})
    if layout.title.pad.l is None:  # the theme puts it flush with the edge; the plot moves down as much
        exported.update_layout(title_pad_l=10, title_pad_t=10, margin_t=(layout.margin.t or 80) + 10)
    named = [trace for trace in exported.data if getattr(trace, "name", None) and trace.showlegend is not False]
    if named and layout.showlegend is None:
        exported.update_layout(showlegend=True)
    margin = layout.margin
    left = margin.l if margin.l is not None else 60
    bottom = margin.b if margin.b is not None else 48
    chart_footer = _take_theme_footer(exported)
    if chart_footer is not None:  # the theme wrapped it for the page: unwrap, it is wrapped again below
        extra_lines = chart_footer.count("<br>")
        chart_footer = chart_footer.replace("<br>", " ")
        bottom = max(THEME_FOOTER_MARGIN, bottom - (96 - THEME_FOOTER_MARGIN) - THEME_FOOTER_LINE_PX * extra_lines)
    max_ems = (width - left - 16) / FOOTER_FONT_SIZE
    text = provenance.footer(lang)
    if chart_footer:
        text = html.unescape(_TAGS.sub("", chart_footer)) + "\n" + text
    lines = [part for line in text.splitlines() for part in wrap_line(line, max_ems)]
    block = len(lines) * FOOTER_LINE_PX + 16
    top = margin.t if margin.t is not None else 80
    _wrap_y_titles(exported, height - top - bottom - block)
    exported.update_layout(width=width, height=height, margin={"b": bottom + block}, autosize=False)
    exported.add_annotation(
        text="<br>".join(html.escape(line) for line in lines), xref="paper", yref="paper", x=0, y=0,
        xanchor="left", yanchor="top", yshift=-bottom - 8, showarrow=False, align="left",
        font={"size": FOOTER_FONT_SIZE, "color": FOOTER_COLOUR},
        name="provenance",
    )
    return exported


# --- kaleido ----------------------------------------------------------------------------------


def _ensure_browser() -> None:
    os.environ.setdefault("BROWSER_PATH", "/usr/bin/chromium")
    if not Path(os.environ["BROWSER_PATH"]).exists():
        raise RenderError(f"no Chromium at {os.environ['BROWSER_PATH']} (set BROWSER_PATH; Debian: apt-get install chromium)")


def warm_up() -> None:
    """Start the one kaleido Chromium of this process (a no-op when it runs)."""
    _ensure_browser()
    SERVER.start()


def shut_down() -> None:
    """Stop the kaleido Chromium (the next render starts it again)."""
    SERVER.stop()


@contextmanager
def chart_renderer() -> Iterator[None]:
    """Keep one warm Chromium for a batch: `with chart_renderer(): render_chart(...) …`."""
    warm_up()
    try:
        yield
    finally:
        shut_down()


def _kaleido_image(figure: go.Figure, fmt: str, width: int, height: int, scale: float) -> bytes:
    warm_up()
    try:
        return SERVER.render(figure, {"format": fmt, "width": width, "height": height, "scale": scale})
    except Exception as error:  # noqa: BLE001 - kaleido raises several unrelated types
        raise RenderError(f"kaleido could not render the chart: {type(error).__name__}: {error}") from error


def _prepare(figure: go.Figure, provenance: Provenance, lang: str, width_px: int, height_px: int, dpi: int
             ) -> tuple[go.Figure, int, int]:
    css_width = max(1, round(width_px * CSS_DPI / dpi))
    css_height = max(1, round(height_px * CSS_DPI / dpi))
    return export_figure(figure, provenance, lang, width=css_width, height=css_height), css_width, css_height


def _render_plain(figure: go.Figure, fmt: str, provenance: Provenance, lang: str, width_px: int, height_px: int,
                  dpi: int) -> bytes:
    """PNG with its dpi set, or SVG without the embedded font yet."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown image format '{fmt}'; use one of {', '.join(FORMATS)}")
    cjk_font()  # fail before drawing boxes
    exported, css_width, css_height = _prepare(figure, provenance, lang, width_px, height_px, dpi)
    if fmt == "svg":
        return _kaleido_image(exported, "svg", css_width, css_height, 1)
    png = _kaleido_image(exported, "png", css_width, css_height, width_px / css_width)
    return set_png_dpi(_fit_png(png, width_px, height_px), dpi)


def render_chart(
    figure: go.Figure,
    fmt: str = "png",
    *,
    provenance: Provenance,
    lang: str,
    width_px: int = DEFAULT_WIDTH_PX,
    height_px: int = DEFAULT_HEIGHT_PX,
    dpi: int = DEFAULT_DPI,
) -> bytes:
    """The chart as PNG (`width_px` × `height_px` pixels, pHYs = `dpi`) or SVG (the same size in
    print: width_px / dpi inches, Noto CJK subset embedded), with the provenance footer in `lang`
    drawn inside."""
    image = _render_plain(figure, fmt, provenance, lang, width_px, height_px, dpi)
    return embed_font(image) if fmt == "svg" else image


def render_charts(
    charts: Sequence[tuple[go.Figure, Provenance, str]],
    fmt: str = "png",
    *,
    width_px: int = DEFAULT_WIDTH_PX,
    height_px: int = DEFAULT_HEIGHT_PX,
    dpi: int = DEFAULT_DPI,
    embed: bool = True,
) -> list[bytes]:
    """`render_chart` for many (figure, provenance, lang) at once; SVGs share one font subset
    (the union of their characters), which saves ~1 s of font work per image. With
    `embed=False` SVGs come without the font, for a caller that embeds one later (`embed_font`)."""
    images = [_render_plain(f, fmt, p, lang, width_px, height_px, dpi) for f, p, lang in charts]
    if fmt != "svg" or not images or not embed:
        return images
    characters = frozenset().union(*(svg_characters(image) for image in images))
    return [embed_font(image, characters) for image in images]
