"""Briefing packs: the DOCX and PPTX, parsed back, hold the expected sections and the indicator
results' own numbers; LibreOffice renders the DOCX to a non-blank PDF; a briefing from a
snapshot keeps its numbers after new data arrives."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
from pathlib import Path

import docx
import pandas as pd
import pytest
from pptx import Presentation
from sqlalchemy import Engine

from data_access.database import bump_data_version, make_engine, session_scope
from data_access.models import TradeCase
from data_access.queries.nbsap import nbsap_actions
from data_access.queries.progress import target_progress
from data_access.snapshots import create_snapshot
from i18n import format_number, t
from indicators import registry
from indicators.progress_status import status_label
from reports.briefing import build_briefing, file_stem
from reports.results import indicator_results

# indicator → (fixed disaggregation values, summed over the rest?, decimals) — worked out here
# from the indicator results, independently of reports/briefing_text.py.
EXPECTED = {
    "protected_area_coverage": ({"realm": "terrestrial"}, False, 1),
    "kba_protection_coverage": ({}, False, 1),
    "species_protection": ({"taxon_group": "all"}, False, 1),
    "cites_trade_volume": ({"direction": "import", "unit": "number"}, True, 0),
    "wildlife_seizures": ({"detected_by": "all"}, False, 0),
    "traded_species_rli": ({"taxonomic_group": "all"}, False, 3),
}


def latest_value(result_frame: pd.DataFrame, fixed: dict[str, str], summed: bool) -> tuple[int, float]:
    frame = result_frame
    for column, value in fixed.items():
        frame = frame.loc[frame[column].astype(str) == value]
    by_year = frame.groupby("year")["value"].sum() if summed else frame.set_index("year")["value"]
    by_year = by_year.dropna().sort_index()
    return int(by_year.index[-1]), float(by_year.iloc[-1])


def figure_rows_docx(document: docx.document.Document, lang: str) -> dict[str, list[list[str]]]:
    """Indicator name → rows of the headline-figures tables."""
    rows: dict[str, list[list[str]]] = {}
    for table in document.tables:
        cells = [[cell.text for cell in row.cells] for row in table.rows]
        if cells and cells[0][0] == t("brf.col.indicator", lang) and len(cells[0]) == 7:
            for row in cells[1:]:
                rows.setdefault(row[0], []).append(row)
    return rows


def figure_rows_pptx(deck: Presentation, lang: str) -> dict[str, list[list[str]]]:
    rows: dict[str, list[list[str]]] = {}
    for slide in deck.slides:
        for shape in slide.shapes:
            if shape.has_table:
                cells = [[cell.text for cell in row.cells] for row in shape.table.rows]
                if cells[0][0] == t("brf.col.indicator", lang) and len(cells[0]) == 7:
                    for row in cells[1:]:
                        rows.setdefault(row[0], []).append(row)
    return rows


def add_seizures(path: Path, year: int, count: int) -> None:
    """Record `count` more customs seizures in `year` (what an import of new cases does)."""
    with session_scope(make_engine(f"sqlite:///{path}")) as session:
        for number in range(count):
            session.add(TradeCase(case_no=f"BRF-{year}-{number}", detected_on=dt.date(year, 6, 1 + number),
                                  detected_by="customs"))
        bump_data_version(session)


@pytest.fixture
def sample_engine(sample_database: Path) -> Engine:
    return make_engine(f"sqlite:///{sample_database}")


def check_figures(rows: dict[str, list[list[str]]], results: dict, lang: str) -> None:
    for indicator_id, (fixed, summed, digits) in EXPECTED.items():
        name = registry.get(indicator_id).metadata.name(lang)
        assert name in rows, f"{indicator_id} missing from the figures table: {sorted(rows)}"
        year, value = latest_value(results[indicator_id].frame, fixed, summed)
        row = rows[name][0]
        assert row[2] == str(year), (indicator_id, row)
        assert row[3] == format_number(value, lang, digits=digits), (indicator_id, row, value)


def test_briefing_docx_and_pptx_hold_sections_and_indicator_values(sample_engine: Engine, tmp_path: Path) -> None:
    if shutil.which("chromium") is None and not Path("/usr/bin/chromium").exists():
        pytest.skip("Chromium is needed to draw the charts (Debian: apt-get install chromium)")
    pack = build_briefing(sample_engine, targets=["CITES", "3"], lang="en", meeting="CITES CoP20")
    assert pack.stem == file_stem("CITES CoP20", "en", None) == "briefing_CITES-CoP20_en"
    results = indicator_results(sample_engine)
    with session_scope(sample_engine) as session:
        progress = target_progress(session, results=results, include_national=False).set_index("target_code")
        actions = nbsap_actions(session, dt.date.today().year)

    document = docx.Document(io.BytesIO(pack.docx))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings[0].startswith("GBF Target 3 — Conserve at least 30%")  # targets in GBF order, then CITES
    assert headings[1].startswith("CITES — ")
    assert headings[2] == "Annex: indicator metadata"
    assert document.paragraphs[0].text == "Briefing pack: CITES CoP20"
    check_figures(figure_rows_docx(document, "en"), results, "en")
    texts = [p.text for p in document.paragraphs]
    assert f"Computed status: {status_label(progress.loc['3', 'computed_status'], 'en')}" in texts
    messages = [p.text for p in document.paragraphs if p.style.name == "List Bullet"]
    assert len(messages) == 6  # three key messages per section
    linked = actions.loc[actions["gbf_codes"].map(lambda s: "5" in s.split(";"))]
    assert messages[5].startswith(f"Of {len(linked)} NBSAP actions linked to GBF Target 5: "
                                  f"{int((linked['status'] == 'completed').sum())} completed")
    year, volume = latest_value(results["cites_trade_volume"].frame, {"direction": "import", "unit": "number"}, True)
    assert messages[3].startswith(f"CITES trade volumes (from permits): {format_number(volume, 'en')} ")
    assert f" in {year}, " in messages[3]
    annex = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    assert "Coverage of protected areas and OECMs (3.1)" in annex
    charts = sum(len(s.charts) for s in pack.content.sections)
    assert charts >= 5 and len(document.inline_shapes) == charts

    deck = Presentation(io.BytesIO(pack.pptx))
    titles = [slide.shapes.title.text for slide in deck.slides if slide.shapes.title is not None]
    assert titles[0] == "Briefing pack: CITES CoP20"
    assert titles[1].startswith("GBF Target 3 — ") and "Annex: indicator metadata" in titles
    assert figure_rows_pptx(deck, "en") == figure_rows_docx(document, "en")
    pictures = sum(1 for slide in deck.slides for shape in slide.shapes if shape.shape_type == 13)
    assert pictures == charts

    # LibreOffice opens the DOCX (no repair needed) and draws a page that is not blank.
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None or shutil.which("pdftoppm") is None:
        pytest.skip("LibreOffice and poppler-utils are needed (Debian: libreoffice-writer-nogui poppler-utils)")
    source = tmp_path / "briefing.docx"
    source.write_bytes(pack.docx)
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(source)], check=True, capture_output=True, timeout=240)
    pdf = tmp_path / "briefing.pdf"
    assert pdf.exists() and pdf.stat().st_size > 10_000
    text = subprocess.run(["pdftotext", "-f", "2", "-l", "2", str(pdf), "-"], check=True, capture_output=True,
                          text=True).stdout
    assert "GBF Target 3" in text and "Key messages" in text
    subprocess.run(["pdftoppm", "-r", "40", "-png", "-f", "2", "-l", "2", str(pdf), str(tmp_path / "page")], check=True)
    from PIL import Image

    page = Image.open(next(tmp_path.glob("page*.png"))).convert("L")
    dark = sum(page.histogram()[:200])  # pixels darker than light grey
    assert dark / (page.width * page.height) > 0.01, "the rendered page is blank"
    # ... and the deck: one PDF page per slide
    slides = tmp_path / "briefing.pptx"
    slides.write_bytes(pack.pptx)
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "pdf",
                    "--outdir", str(tmp_path / "deck"), str(slides)], check=True, capture_output=True, timeout=240)
    info = subprocess.run(["pdfinfo", str(tmp_path / "deck" / "briefing.pdf")], check=True, capture_output=True,
                          text=True).stdout
    assert f"Pages:           {len(deck.slides)}" in info, info


def test_korean_briefing_has_the_same_numbers(sample_engine: Engine) -> None:
    pack = build_briefing(sample_engine, targets=["3", "CITES"], lang="ko", meeting="SBSTTA-27", charts=False)
    document = docx.Document(io.BytesIO(pack.docx))
    assert document.paragraphs[0].text == "회의 대응 자료: SBSTTA-27"
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings[0].startswith("GBF 실천목표 3 — ") and headings[1].startswith("CITES — ")
    check_figures(figure_rows_docx(document, "ko"), indicator_results(sample_engine), "ko")
    deck = Presentation(io.BytesIO(pack.pptx))
    assert figure_rows_pptx(deck, "ko") == figure_rows_docx(document, "ko")
    # the series and the indicators' calculation notes are Korean too, not the stored English
    tables = [[[cell.text for cell in row.cells] for row in table.rows] for table in document.tables]
    series = {row[1] for table in tables for row in table[1:] if table[0][0] == "지표"}
    assert "수입 허가 · 개체 수 · 합계" in series, series
    results = indicator_results(sample_engine)
    notes = [row[1] for table in tables for row in table if row[0] == t("brf.annex.notes", "ko")]
    assert notes and all(re.search(r"[\uac00-\ud7a3]", text) for text in notes), notes
    for indicator_id in ("cites_trade_volume", "cites_wild_share"):
        for note in results[indicator_id].notes:
            assert any(note.text("ko") in text for text in notes) and not any(note.text("en") in text for text in notes)


def test_briefing_from_snapshot_keeps_its_numbers(sample_copy: Path) -> None:
    engine = make_engine(f"sqlite:///{sample_copy}")
    create_snapshot(engine, "CoP20 briefing", actor="steward1")
    frozen = build_briefing(engine, targets=["CITES"], lang="en", meeting="CoP20", snapshot="CoP20 briefing", charts=False)
    seizures_name = registry.get("wildlife_seizures").metadata.name("en")
    before = figure_rows_docx(docx.Document(io.BytesIO(frozen.docx)), "en")

    seizures = indicator_results(engine, ["wildlife_seizures"])["wildlife_seizures"].frame
    year, old_value = latest_value(seizures, {"detected_by": "all"}, False)
    add_seizures(sample_copy, year, 5)

    again = build_briefing(engine, targets=["CITES"], lang="en", meeting="CoP20", snapshot="CoP20 briefing", charts=False)
    assert figure_rows_docx(docx.Document(io.BytesIO(again.docx)), "en") == before
    assert "snapshot 'CoP20 briefing'" in again.content.data_line
    live = build_briefing(engine, targets=["CITES"], lang="en", meeting="CoP20", since="CoP20 briefing", charts=False)
    after = figure_rows_docx(docx.Document(io.BytesIO(live.docx)), "en")
    assert before[seizures_name][0][3] == format_number(old_value, "en")
    assert after[seizures_name][0][3] == format_number(old_value + 5, "en")
    # the first key message compares with the snapshot (its lead indicator did not change)
    assert live.content.sections[0].messages[0].endswith(
        f"unchanged since snapshot 'CoP20 briefing' ({before[live.content.sections[0].figures[0].name][0][3]} "
        f"in {live.content.sections[0].figures[0].year}).")


def test_unknown_target_is_refused(sample_engine: Engine) -> None:
    with pytest.raises(ValueError, match="unknown target"):
        build_briefing(sample_engine, targets=["3", "99"], lang="en", meeting="COP17", charts=False)
    with pytest.raises(ValueError, match="at least one target"):
        build_briefing(sample_engine, targets=[], lang="en", meeting="COP17", charts=False)


def test_command_line_snapshot_diff_and_briefing(sample_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import cli

    url = f"sqlite:///{sample_copy}"
    engine = make_engine(url)
    create_snapshot(engine, "7NR final", actor="steward1")
    assert cli.main(["--db", url, "snapshot", "create", "refused"]) == 2  # the anonymous viewer may not
    year, _ = latest_value(indicator_results(engine, ["wildlife_seizures"])["wildlife_seizures"].frame,
                           {"detected_by": "all"}, False)
    add_seizures(sample_copy, year, 2)
    capsys.readouterr()
    assert cli.main(["--db", url, "snapshot", "list"]) == 0
    assert capsys.readouterr().out.splitlines()[1].startswith("7NR final,,steward1,")
    assert cli.main(["--db", url, "snapshot", "diff", "7NR final"]) == 0
    diff = pd.read_csv(io.StringIO(capsys.readouterr().out))
    assert ("wildlife_seizures", "detected_by=all", year, 2.0) in set(
        diff[["indicator_id", "series", "year", "change"]].itertuples(index=False, name=None))
    out = tmp_path / "packs"
    assert cli.main(["--db", url, "export", "briefing", "--targets", "CITES", "--lang", "ko", "--meeting",
                     "CITES SC79", "--out", str(out), "--snapshot", "7NR final", "--no-charts"]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["briefing_CITES-SC79_ko_7NR-final.docx",
                                                     "briefing_CITES-SC79_ko_7NR-final.pptx"]
    document = docx.Document(str(out / "briefing_CITES-SC79_ko_7NR-final.docx"))
    assert "스냅숏 '7NR final'" in "\n".join(p.text for p in document.paragraphs)
