"""Briefing packs for CBD (SBSTTA, COP) and CITES (SC, CoP) meetings: one DOCX and one PPTX.

`build_briefing(engine, targets=["3", "CITES"], lang="en", meeting="CITES CoP20")` reads the
indicator results (live, or frozen in a snapshot), the progress status per target and the NBSAP
action status, lets `reports.briefing_text` compute what to say, and writes the same content as
a Word document and a PowerPoint deck: a cover, one section per target (headline figures,
charts, progress status, action status, three key messages) and an annex of metadata. Both are
written by python-docx / python-pptx from their own templates, so Word, PowerPoint and
LibreOffice open them without a repair prompt; text is stripped of characters XML forbids.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import pandas as pd
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from pptx import Presentation
from pptx.util import Emu, Inches
from pptx.util import Pt as PptPt
from sqlalchemy import Engine

from charts.trend import trend_chart
from data_access.audit import record_event
from data_access.database import data_version, session_factory, session_scope
from i18n import t
from indicators.progress_status import status_label
from reports.briefing_text import (
    CITES,
    CITES_GBF_TARGET,
    BriefingContent,
    ChartData,
    HeadlineFigure,
    TargetSection,
    briefing_content,
    target_indicators,
)
from reports.provenance import Provenance
from reports.results import indicator_results

EAST_ASIAN_FONT = "Malgun Gothic"  # Word's Korean UI font; LibreOffice substitutes Noto Sans CJK KR
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
CHART_WIDTH_PX, CHART_HEIGHT_PX, CHART_DPI = 1500, 1000, 200


@dataclass(frozen=True)
class BriefingPack:
    """The two files and the content they were written from (for the page and the tests)."""

    docx: bytes
    pptx: bytes
    content: BriefingContent
    stem: str

    def __iter__(self) -> Iterator[bytes]:  # `docx, pptx = build_briefing(...)`
        return iter((self.docx, self.pptx))


def clean(text: object) -> str:
    """Text safe for OOXML (no control characters a strict reader would reject)."""
    return _XML_FORBIDDEN.sub("", str(text))


def file_stem(meeting: str, lang: str, snapshot: str | None) -> str:
    """'briefing_CITES-CoP20_en' (plus the snapshot name): ASCII letters, digits, hyphens."""
    def slug(text: str) -> str:
        return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-")[:40] or "meeting"
    parts = ["briefing", slug(meeting), lang]
    if snapshot:
        parts.append(slug(snapshot))
    return "_".join(parts)


# --- data --------------------------------------------------------------------------------------


def needed_indicators(targets: Sequence[str]) -> list[str]:
    """Indicators a briefing on `targets` reads (CITES also needs Target 5's, for its status)."""
    codes = [str(c).strip() for c in targets]
    codes += [CITES_GBF_TARGET for c in codes if c.upper() == CITES]
    return list(dict.fromkeys(i for code in codes for i in target_indicators(code.upper() if code.upper() == CITES else code)))


def load_briefing_inputs(
    engine: Engine, *, snapshot: str | None, indicator_ids: Sequence[str] | None = None
) -> tuple[dict, pd.DataFrame, pd.DataFrame, str, str]:
    """(results, progress frame, actions frame, data version, snapshot date) live or from a snapshot;
    live, only `indicator_ids` are computed (all when None)."""
    if snapshot is not None:
        from data_access.snapshots import NBSAP_ACTIONS, TARGET_PROGRESS, snapshot_frames, snapshot_info

        info = snapshot_info(engine, snapshot)
        frames = snapshot_frames(engine, snapshot)
        results = indicator_results(engine, snapshot=snapshot)
        created = info["created_at"]
        created_text = created.strftime("%Y-%m-%d") if hasattr(created, "strftime") else str(created)[:10]
        return (results, frames.get(TARGET_PROGRESS, pd.DataFrame()), frames.get(NBSAP_ACTIONS, pd.DataFrame()),
                str(info["data_version"]), created_text)
    from data_access.queries.nbsap import nbsap_actions
    from data_access.queries.progress import target_progress

    results = indicator_results(engine, indicator_ids)
    with session_factory(engine)() as session:
        progress = target_progress(session, results=results, indicator_ids=indicator_ids, include_national=False)
        actions = nbsap_actions(session, dt.date.today().year)
        version = data_version(session)
    return results, progress, actions, str(version), ""


def build_briefing(
    engine: Engine,
    *,
    targets: Sequence[str],
    lang: str,
    meeting: str,
    snapshot: str | None = None,
    since: str | None = None,
    actor: str = "system",
    origin: str = "",
    charts: bool = True,
) -> BriefingPack:
    """The DOCX and PPTX briefing for `targets` (GBF codes and/or "CITES") in `lang`.

    With `snapshot`, every number comes from that snapshot; with `since` (an earlier snapshot),
    the first key message of each section gives the change since it. The export is audited.
    """
    results, progress, actions, version, created = load_briefing_inputs(
        engine, snapshot=snapshot, indicator_ids=needed_indicators(targets))
    if snapshot:
        data_line = t("brf.doc.data_snapshot", lang, name=snapshot, date=created, version=version)
    else:
        data_line = t("brf.doc.data_live", lang, version=version)
    baseline = None
    if since:
        from data_access.snapshots import snapshot_results

        baseline = snapshot_results(engine, since)
    content = briefing_content(targets=targets, lang=lang, meeting=meeting, results=results, progress=progress,
                               actions=actions, data_line=data_line, snapshot=snapshot, baseline=baseline, since=since)
    images = chart_images(content, version=version) if charts else {}
    pack = BriefingPack(write_docx(content, images), write_pptx(content, images), content,
                        file_stem(content.meeting, lang, snapshot))
    with session_scope(engine) as session:
        record_event(session, actor=actor, action="export", target=pack.stem,
                     detail={"kind": "briefing", "targets": [s.code for s in content.sections], "lang": lang,
                             "meeting": content.meeting, "snapshot": snapshot, "data_version": version},
                     origin=origin)
    return pack


# --- charts ------------------------------------------------------------------------------------


def chart_figure(chart: ChartData, lang: str):  # type: ignore[no-untyped-def]
    """The plotly figure of a section chart, built as the target page builds it (charts.trend)."""
    labels = dict(chart.labels)
    if chart.series:
        for value in chart.frame[chart.series].unique():
            labels[f"series:{value}"] = str(value)
    return trend_chart(chart.frame, labels, lang, series=chart.series, digits=chart.digits,
                       target_value=chart.target_value)


def chart_images(content: BriefingContent, *, version: str) -> dict[tuple[str, str], bytes]:
    """(section code, indicator id) → PNG with the provenance footer, rendered in one warm Chromium."""
    from reports.images import chart_renderer, render_chart

    images: dict[tuple[str, str], bytes] = {}
    with chart_renderer():
        for section in content.sections:
            for chart in section.charts:
                provenance = Provenance(chart.title, chart.unit, chart.source, data_version=version,
                                        drawn_on=content.prepared_on, snapshot=content.snapshot)
                images[(section.code, chart.indicator_id)] = render_chart(
                    chart_figure(chart, content.lang), "png", provenance=provenance, lang=content.lang,
                    width_px=CHART_WIDTH_PX, height_px=CHART_HEIGHT_PX, dpi=CHART_DPI,
                )
    return images


# --- shared rows -------------------------------------------------------------------------------


def figure_header(lang: str) -> list[str]:
    return [t(f"brf.col.{c}", lang) for c in ("indicator", "series", "year", "value", "previous", "change", "unit")]


def figure_row(figure: HeadlineFigure, lang: str) -> list[str]:
    previous = "–" if figure.previous_value is None else f"{figure.text(figure.previous_value, lang)} ({figure.previous_year})"
    return [figure.name, figure.series or t("brf.series.headline", lang), str(figure.year),
            figure.text(figure.value, lang), previous, figure.text(figure.change, lang, signed=True), figure.unit]


def status_lines(section: TargetSection, lang: str) -> list[str]:
    lines = [f"{t('brf.status.computed', lang)}: {status_label(section.computed_status, lang)}"]
    if section.staff_status:
        staff = f"{t('brf.status.staff', lang)}: {status_label(section.staff_status, lang)}"
        lines.append(staff + (f" — {section.staff_justification}" if section.staff_justification else ""))
    for indicator_id, status in section.indicator_statuses.items():
        lines.append(f"· {indicator_id}: {status_label(status, lang) if status else status}")
    return lines


def action_rows(section: TargetSection, lang: str) -> list[list[str]]:
    rows = [[t(f"brf.action.{status}", lang), str(count)] for status, count in section.actions.by_status.items()]
    rows.append([t("brf.action.overdue", lang), str(section.actions.overdue)])
    rows.append([t("brf.action.total", lang), str(section.actions.total)])
    return rows


# --- DOCX --------------------------------------------------------------------------------------


def _docx_fonts(document) -> None:  # type: ignore[no-untyped-def]
    for name in ("Normal", "Title", "Heading 1", "Heading 2", "Heading 3"):
        style = document.styles[name]
        rpr = style.element.get_or_add_rPr()
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = rpr.makeelement(qn("w:rFonts"), {})
            rpr.insert(0, fonts)
        fonts.set(qn("w:eastAsia"), EAST_ASIAN_FONT)
    document.styles["Normal"].font.size = Pt(10.5)


def _docx_table(document, header: list[str], rows: list[list[str]]) -> None:  # type: ignore[no-untyped-def]
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = clean(text)
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = clean(text)


def write_docx(content: BriefingContent, images: dict[tuple[str, str], bytes]) -> bytes:
    """The Word document: cover, a section per target, metadata annex."""
    lang = content.lang
    document = Document()
    _docx_fonts(document)
    document.core_properties.title = clean(content.title)
    document.core_properties.language = lang
    document.add_heading(clean(content.title), level=0)
    document.add_paragraph(clean(f"{t('brf.doc.meeting', lang)}: {content.meeting}"))
    document.add_paragraph(clean(f"{t('brf.doc.prepared', lang)}: {content.prepared_on.isoformat()}"))
    document.add_paragraph(clean(content.data_line))
    document.add_paragraph(clean(f"{t('brf.doc.contents', lang)}: " + ", ".join(s.heading for s in content.sections)))
    for note in content.notes:
        document.add_paragraph(clean(note)).runs[0].italic = True
    for section in content.sections:
        document.add_page_break()
        document.add_heading(clean(f"{section.heading} — {section.title}" if section.title else section.heading), level=1)
        document.add_heading(clean(t("brf.sec.messages", lang)), level=2)
        for message in section.messages:
            document.add_paragraph(clean(message), style="List Bullet")  # numbered lists would run on across sections
        document.add_heading(clean(t("brf.sec.figures", lang)), level=2)
        if section.figures:
            _docx_table(document, figure_header(lang), [figure_row(f, lang) for f in section.figures])
        else:
            document.add_paragraph(clean(t("brf.msg.no_data", lang)))
        for chart in section.charts:
            image = images.get((section.code, chart.indicator_id))
            if image:
                document.add_picture(io.BytesIO(image), width=Cm(15.9))
        document.add_heading(clean(t("brf.sec.status", lang)), level=2)
        for line in status_lines(section, lang):
            document.add_paragraph(clean(line))
        document.add_heading(clean(t("brf.sec.actions", lang, code=section.actions.gbf_code)), level=2)
        _docx_table(document, [t("brf.col.status", lang), t("brf.col.count", lang)], action_rows(section, lang))
    document.add_page_break()
    document.add_heading(clean(t("brf.sec.annex", lang)), level=1)
    for entry in content.annex:
        document.add_heading(clean(f"{entry.name} ({entry.gbf_code})"), level=2)
        rows = [[t("brf.annex.id", lang), entry.indicator_id], [t("brf.annex.unit", lang), entry.unit],
                [t("brf.annex.method", lang), entry.method], [t("brf.annex.sources", lang), "\n".join(entry.sources)]]
        if entry.based_on:
            rows.append([t("brf.annex.based_on", lang), entry.based_on])
        if entry.caveats:
            rows.append([t("brf.annex.caveats", lang), "\n".join(entry.caveats)])
        if entry.notes:
            rows.append([t("brf.annex.notes", lang), "\n".join(entry.notes)])
        _docx_table(document, [t("brf.annex.field", lang), t("brf.annex.value", lang)], rows)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# --- PPTX --------------------------------------------------------------------------------------

SLIDE_WIDTH, SLIDE_HEIGHT = Inches(13.333), Inches(7.5)  # 16:9
FIGURE_ROWS_PER_SLIDE = 10


def _text_slide(deck, title: str, lines: list[str], *, size: int = 18):  # type: ignore[no-untyped-def]
    slide = deck.slides.add_slide(deck.slide_layouts[1])
    _place_title(slide, title)
    body = slide.placeholders[1]
    body.left, body.top, body.width, body.height = Inches(0.6), Inches(1.5), SLIDE_WIDTH - Inches(1.2), Inches(5.6)
    frame = body.text_frame
    frame.word_wrap = True
    for number, line in enumerate(lines):
        paragraph = frame.paragraphs[0] if number == 0 else frame.add_paragraph()
        paragraph.text = clean(line)
        paragraph.font.size = PptPt(size)
    return slide


def _place_title(slide, title: str) -> None:  # type: ignore[no-untyped-def]
    """The layout's title box stretched to the 16:9 width, at a size long target titles fit."""
    shape = slide.shapes.title
    shape.left, shape.top, shape.width, shape.height = Inches(0.5), Inches(0.3), SLIDE_WIDTH - Inches(1.0), Inches(1.1)
    shape.text = clean(title)
    shape.text_frame.word_wrap = True
    for paragraph in shape.text_frame.paragraphs:
        paragraph.font.size = PptPt(26)


def _title_only(deck, title: str):  # type: ignore[no-untyped-def]
    slide = deck.slides.add_slide(deck.slide_layouts[5])
    _place_title(slide, title)
    return slide


def _pptx_table(slide, header: list[str], rows: list[list[str]], *, top: Emu, size: int = 12) -> None:  # type: ignore[no-untyped-def]
    height = Inches(0.4) * (len(rows) + 1)
    shape = slide.shapes.add_table(len(rows) + 1, len(header), Inches(0.5), top, SLIDE_WIDTH - Inches(1.0), height)
    table = shape.table
    for column, text in enumerate(header):
        table.cell(0, column).text = clean(text)
    for r, row in enumerate(rows, start=1):
        for column, text in enumerate(row):
            table.cell(r, column).text = clean(text)
    for r in range(len(rows) + 1):
        for column in range(len(header)):
            for paragraph in table.cell(r, column).text_frame.paragraphs:
                paragraph.font.size = PptPt(size)


def write_pptx(content: BriefingContent, images: dict[tuple[str, str], bytes]) -> bytes:
    """The slide deck: cover, per target a messages slide, a figures slide and a slide per chart; annex."""
    lang = content.lang
    deck = Presentation()
    deck.slide_width, deck.slide_height = SLIDE_WIDTH, SLIDE_HEIGHT
    deck.core_properties.title = clean(content.title)
    cover = deck.slides.add_slide(deck.slide_layouts[0])
    cover.shapes.title.text = clean(content.title)
    # all four coordinates: setting only some would leave the others at 0 (no inherited frame)
    title = cover.shapes.title
    title.left, title.top, title.width, title.height = Inches(0.5), Inches(1.8), SLIDE_WIDTH - Inches(1.0), Inches(1.6)
    subtitle = cover.placeholders[1]
    subtitle.left, subtitle.top, subtitle.width, subtitle.height = (Inches(0.5), Inches(3.7), SLIDE_WIDTH - Inches(1.0),
                                                                    Inches(2.6))
    subtitle.text = clean("\n".join([f"{t('brf.doc.prepared', lang)}: {content.prepared_on.isoformat()}",
                                     content.data_line, *content.notes]))
    for section in content.sections:
        heading = f"{section.heading} — {section.title}" if section.title else section.heading
        _text_slide(deck, heading, [t("brf.sec.messages", lang), *(f"{n}. {m}" for n, m in enumerate(section.messages, 1))])
        rows = [figure_row(f, lang) for f in section.figures]
        for start in range(0, max(len(rows), 1), FIGURE_ROWS_PER_SLIDE):
            slide = _title_only(deck, f"{section.heading} · {t('brf.sec.figures', lang)}")
            if rows:
                _pptx_table(slide, figure_header(lang), rows[start:start + FIGURE_ROWS_PER_SLIDE], top=Inches(1.5), size=11)
        status = _title_only(deck, f"{section.heading} · {t('brf.sec.status', lang)}")
        box = status.shapes.add_textbox(Inches(0.5), Inches(1.4), SLIDE_WIDTH - Inches(1.0), Inches(2.2))
        box.text_frame.word_wrap = True
        for number, line in enumerate(status_lines(section, lang)):
            paragraph = box.text_frame.paragraphs[0] if number == 0 else box.text_frame.add_paragraph()
            paragraph.text = clean(line)
            paragraph.font.size = PptPt(14)
        _pptx_table(status, [t("brf.col.status", lang), t("brf.col.count", lang)], action_rows(section, lang),
                    top=Inches(3.8), size=12)
        for chart in section.charts:
            image = images.get((section.code, chart.indicator_id))
            if not image:
                continue
            picture_slide = _title_only(deck, f"{section.heading} · {chart.title}")
            height = Inches(5.6)
            picture_slide.shapes.add_picture(io.BytesIO(image), int((SLIDE_WIDTH - height * 1.5) / 2), Inches(1.5),
                                             height=height)
    annex = content.annex
    for start in range(0, len(annex), 6):
        slide = _title_only(deck, t("brf.sec.annex", lang))
        rows = [[e.name, e.gbf_code, e.unit, "; ".join(s.split(" — ")[0] for s in e.sources), e.based_on]
                for e in annex[start:start + 6]]
        _pptx_table(slide, [t("brf.col.indicator", lang), t("brf.annex.code", lang), t("brf.col.unit", lang),
                            t("brf.annex.sources", lang), t("brf.annex.based_on", lang)], rows, top=Inches(1.5), size=11)
    buffer = io.BytesIO()
    deck.save(buffer)
    return buffer.getvalue()


__all__ = ["BriefingPack", "build_briefing", "chart_figure", "file_stem", "target_indicators", "write_docx", "write_pptx"]
