"""`python cli.py export …`: charts in both languages, data packages, national report tables,
snapshots passed through, audit entries written (the batch's time is measured by `make bench`)."""

from __future__ import annotations

import io
import json
import os
import struct
import zipfile
from pathlib import Path

import pandas as pd
import pytest

import cli
from data_access.audit import audit_log
from data_access.database import bump_data_version, data_version, make_engine, session_scope
from data_access.identity import ANONYMOUS
from indicators import registry
from reports.results import indicator_results

CHROMIUM = os.environ.get("BROWSER_PATH", "/usr/bin/chromium")


@pytest.fixture
def chromium() -> None:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM} (Debian: apt-get install chromium)")


def exports(url: str) -> pd.DataFrame:
    engine = make_engine(url)
    try:
        with session_scope(engine) as session:
            return audit_log(session, action="export")
    finally:
        engine.dispose()


def test_export_help_lists_the_three_kinds(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["export", "--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    for word in ("charts", "data", "national-report", "--snapshot"):
        assert word in out


def test_all_report_charts_in_both_languages(
    sample_copy: Path, tmp_path: Path, chromium: None, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{sample_copy}"
    out = tmp_path / "charts"
    assert cli.main(["--db", url, "export", "charts", "--lang", "both", "--format", "png", "--out", str(out)]) == 0
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    with_data = indicator_results(make_engine(url))
    assert len(manifest["charts"]) == 2 * len(with_data) >= 2 * 15
    for lang in ("ko", "en"):
        for indicator_id in with_data:
            png = (out / lang / f"{indicator_id}_trend_{lang}.png").read_bytes()
            assert struct.unpack(">II", png[16:24]) == (1875, 1575)
            assert b"pHYs" + struct.pack(">IIB", 11811, 11811, 1) in png
    assert manifest["seconds_total"] > 0  # the time itself is judged by make bench (benchmarks/report_batch.py)
    event = exports(url).iloc[0]
    assert (event["actor"], event["target"]) == (ANONYMOUS, str(out))
    assert event["origin"].startswith("cli")
    assert json.loads(event["detail"])["charts"] == len(manifest["charts"])


def test_export_charts_for_targets_svg_and_data(sample_copy: Path, tmp_path: Path, chromium: None) -> None:
    url = f"sqlite:///{sample_copy}"
    out = tmp_path / "t3"
    assert cli.main(["--db", url, "export", "charts", "--lang", "en", "--format", "svg", "--targets", "3",
                     "--with-data", "--out", str(out)]) == 0
    expected = {spec.id for spec in registry.all_specs() if "3" in spec.metadata.gbf_targets}
    written = {p.name for p in (out / "en").iterdir()}
    results = indicator_results(make_engine(url), sorted(expected))
    assert written == {f"{i}_trend_en.svg" for i in results} | {f"{i}_trend_en_data.zip" for i in results}
    svg = (out / "en" / "protected_area_coverage_trend_en.svg").read_text(encoding="utf-8")
    assert "Coverage of protected areas" in svg and "@font-face" in svg
    with zipfile.ZipFile(out / "en" / "protected_area_coverage_trend_en_data.zip") as archive:
        data = pd.read_csv(io.BytesIO(archive.read("data.csv")), encoding="utf-8-sig")
    frame = results["protected_area_coverage"].output_frame
    assert sorted(data["value"]) == pytest.approx(sorted(frame["value"].dropna()))


def test_export_data_and_national_report_from_a_snapshot(sample_copy: Path, tmp_path: Path) -> None:
    from data_access.snapshots import create_snapshot

    url = f"sqlite:///{sample_copy}"
    engine = make_engine(url)
    create_snapshot(engine, "7NR draft", actor="kim")
    with session_scope(engine) as session:
        frozen_version = data_version(session)
        bump_data_version(session)  # later data: the export must still say the snapshot's version
    package = tmp_path / "rli.zip"
    assert cli.main(["--db", url, "export", "data", "red_list_index", "--out", str(package), "--lang", "en",
                     "--snapshot", "7NR draft"]) == 0
    with zipfile.ZipFile(package) as archive:
        readme = archive.read("README.md").decode("utf-8")
        data = pd.read_csv(io.BytesIO(archive.read("data.csv")), encoding="utf-8-sig")
    assert "**Snapshot**: 7NR draft" in readme and f"**Data version**: {frozen_version}" in readme
    frame = indicator_results(engine, ["red_list_index"], snapshot="7NR draft")["red_list_index"].frame
    assert set(data["value"]).issubset(set(frame["value"].dropna()))

    report_dir = tmp_path / "nr"
    assert cli.main(["--db", url, "export", "national-report", "--out", str(report_dir), "--lang", "both",
                     "--snapshot", "7NR draft"]) == 0
    assert sorted(p.name for p in report_dir.iterdir()) == [
        "national_report_en.json", "national_report_en.xlsx", "national_report_ko.json", "national_report_ko.xlsx",
    ]
    document = json.loads((report_dir / "national_report_ko.json").read_text(encoding="utf-8"))
    assert document["snapshot"] == "7NR draft" and document["data_version"] == str(frozen_version)
    assert len(document["section_iii"]) == 21
    sheets = pd.read_excel(report_dir / "national_report_en.xlsx", sheet_name=None)
    assert len(sheets["Indicator data"]) == len(document["indicator_data"])
    targets = exports(url)["target"].tolist()
    assert targets[:2] == ["national-report", "red_list_index"]
    engine.dispose()


def test_export_without_data_or_snapshot_fails_cleanly(sample_copy: Path, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{sample_copy}"
    assert cli.main(["--db", url, "export", "data", "red_list_index", "--out", str(tmp_path / "x.zip"),
                     "--snapshot", "no such snapshot"]) == 3
    assert "no snapshot named" in capsys.readouterr().err
    assert not (tmp_path / "x.zip").exists()
    assert cli.main(["--db", url, "export", "data", "not_an_indicator", "--out", str(tmp_path / "y.zip")]) == 3
