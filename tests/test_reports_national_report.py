"""7NR tables: every headline and binary indicator in the ORT shape, values equal to the indicator
results; Section III per national target with the level of progress and the NBSAP actions."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pandas as pd
import pytest

from data_access.database import make_engine, session_scope
from data_access.queries.nbsap import nbsap_actions
from data_access.queries.progress import record_override, target_progress
from indicators.progress_status import STATUS_CODES
from reports.national_report import INDICATOR_COLUMNS, build_national_report, report_json, report_xlsx
from reports.results import indicator_results
from tests.conftest import shared_path

IDS = ["red_list_index", "protected_area_coverage", "abs_benefits", "living_planet_index"]


@pytest.fixture(scope="module")
def report_setup(sample_database: Path, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """A private copy with one staff override, the results, and the English report."""
    import shutil

    path = tmp_path_factory.mktemp("nr") / "sample.sqlite"
    shutil.copy(sample_database, path)
    engine = make_engine(f"sqlite:///{path}")
    with session_scope(engine) as session:
        record_override(session, "NT3", "insufficient_rate", "Protected area growth below the 30 % path", "kim")
    results = indicator_results(engine, IDS)
    report = build_national_report(engine, "en", results=results)
    yield engine, results, report
    engine.dispose()


def reference_codes(kinds: tuple[str, ...]) -> list[str]:
    with shared_path("reference", "gbf_indicators.csv").open(encoding="utf-8") as handle:
        return [row["code"] for row in csv.DictReader(handle) if row["type"] in kinds]


def test_every_headline_and_binary_indicator_has_rows(report_setup) -> None:  # type: ignore[no-untyped-def]
    _, _, report = report_setup
    assert tuple(report.indicators.columns) == INDICATOR_COLUMNS
    listed = set(report.indicators["indicator_code"])
    expected = reference_codes(("headline", "binary"))
    assert len(expected) == 42
    assert set(expected) <= listed
    binary = report.indicators.loc[report.indicators["indicator_type"] == "binary"]
    assert len(binary) == 15 and binary["value"].isna().all()
    assert binary["comments"].str.contains("No / Under development / Partially / Fully").all()
    missing = report.indicators.loc[report.indicators["indicator_code"] == "A.1"].iloc[0]
    assert pd.isna(missing["value"]) and missing["source"] == "No data"


@pytest.mark.parametrize(("indicator_id", "code"), [("red_list_index", "A.3"), ("protected_area_coverage", "3.1"),
                                                     ("abs_benefits", "C.1"), ("living_planet_index", "A.CT.10")])
def test_indicator_values_equal_the_results(report_setup, indicator_id: str, code: str) -> None:  # type: ignore[no-untyped-def]
    _, results, report = report_setup
    result = results[indicator_id]
    rows = report.indicators.loc[report.indicators["indicator_code"] == code]
    assert len(rows) == len(result.frame)
    assert set(rows["dashboard_indicator"]) == {indicator_id}
    expected = result.frame.assign(
        disaggregation_codes=[
            "; ".join(f"{d}={row[d]}" for d in result.disaggregations) for row in result.frame.to_dict("records")
        ]
    )
    merged = rows.merge(expected, on=["year", "disaggregation_codes"], suffixes=("", "_result"), validate="one_to_one")
    assert len(merged) == len(rows)
    assert merged["value"].fillna(-1).tolist() == pytest.approx(merged["value_result"].fillna(-1).tolist())
    assert rows["unit"].nunique() == 1 and rows["source"].iloc[0].startswith("National dataset")


def test_section_iii_levels_and_actions(report_setup) -> None:  # type: ignore[no-untyped-def]
    engine, results, report = report_setup
    section = report.section_iii.set_index("national_target")
    assert list(section.index) == [f"NT{i}" for i in range(1, 22)]
    assert set(section["level_of_progress"]) <= set(STATUS_CODES)
    nt3 = section.loc["NT3"]
    assert nt3["level_of_progress"] == "insufficient_rate"
    assert nt3["status_source"] == "set by staff"
    assert nt3["justification"] == "Protected area growth below the 30 % path"
    assert nt3["level_of_progress_label"] == "Progress towards target but at an insufficient rate"
    with session_scope(engine) as session:
        progress = target_progress(session, results=results).set_index("target_code")
        actions = nbsap_actions(session, report.actions_year)
    for code in section.index:
        assert section.loc[code, "level_of_progress"] == progress.loc[code, "status"]
    counts = actions.groupby("national_target_code").size()
    assert section["actions"].to_dict() == {code: int(counts.get(code, 0)) for code in section.index}
    completed = actions.loc[actions["status"] == "completed"].groupby("national_target_code").size()
    assert section["completed"].to_dict() == {code: int(completed.get(code, 0)) for code in section.index}
    assert len(report.actions) == len(actions)
    # whether each status is final travels with it (the sample's latest year is still being reported)
    final = actions.set_index("code")["report_final"]
    assert report.actions.set_index("action_code")["report_final"].to_dict() == final.to_dict() and not final.all()
    # a snapshot taken before the flag was kept has no such column: unknown, not an error
    from reports.national_report import section_iii_rows

    _targets, old = section_iii_rows(progress.reset_index(), actions.drop(columns=["report_final"]), "en")
    assert old["report_final"].isna().all() and len(old) == len(actions)


def test_xlsx_and_json_parse_back_to_the_same_rows(report_setup) -> None:  # type: ignore[no-untyped-def]
    _, results, report = report_setup
    sheets = pd.read_excel(io.BytesIO(report_xlsx(report)), sheet_name=None)
    assert list(sheets) == ["Indicator data", "Section III targets", "NBSAP actions", "About"]
    indicators = sheets["Indicator data"]
    assert len(indicators) == len(report.indicators)
    a3 = indicators.loc[indicators["indicator_code"] == "A.3"]
    assert a3["value"].tolist() == pytest.approx(report.indicators.loc[report.indicators["indicator_code"] == "A.3", "value"].tolist())
    assert sheets["Section III targets"].set_index("national_target").loc["NT3", "level_of_progress"] == "insufficient_rate"
    assert len(sheets["NBSAP actions"]) == len(report.actions)

    document = json.loads(report_json(report))
    assert document["report"] == "7NR" and document["language"] == "en"
    rli = [row for row in document["indicator_data"] if row["indicator_code"] == "A.3"]
    frame = results["red_list_index"].frame
    assert sorted(row["value"] for row in rli if row["value"] is not None) == pytest.approx(sorted(frame["value"].dropna()))
    targets = {target["national_target"]: target for target in document["section_iii"]}
    assert targets["NT3"]["level_of_progress"] == "insufficient_rate"
    assert len(targets["NT3"]["nbsap_actions"]) == targets["NT3"]["actions"]
    assert sum(len(t["nbsap_actions"]) for t in targets.values()) == len(report.actions)


def test_korean_report_labels(report_setup) -> None:  # type: ignore[no-untyped-def]
    engine, results, _ = report_setup
    korean = build_national_report(engine, "ko", results=results)
    nt3 = korean.section_iii.set_index("national_target").loc["NT3"]
    assert nt3["level_of_progress_label"] == "진전은 있으나 속도 불충분"
    assert nt3["status_source"] == "담당자 지정"
    sheets = pd.read_excel(io.BytesIO(report_xlsx(korean)), sheet_name=None)
    assert "지표 자료" in sheets and "제3절 국가목표" in sheets


MALICIOUS_TITLE = "=cmd|' /C calc'!A0"
MALICIOUS_JUSTIFICATION = "@SUM(1+1)*cmd|' /C notepad'!A0"


@pytest.fixture
def malicious_engine(sample_copy: Path):  # type: ignore[no-untyped-def]
    """A copy of the sample database with a formula as one action's title and a staff justification."""
    from sqlalchemy import select, update

    from data_access.models import NbsapAction

    engine = make_engine(f"sqlite:///{sample_copy}")
    with session_scope(engine) as session:
        action = session.execute(select(NbsapAction.code, NbsapAction.national_target_code).order_by(NbsapAction.id)).first()
        session.execute(update(NbsapAction).where(NbsapAction.code == action.code)
                        .values(title_en=MALICIOUS_TITLE, title_ko=MALICIOUS_TITLE))
        record_override(session, "NT3", "insufficient_rate", MALICIOUS_JUSTIFICATION, "kim")
    yield engine, action.code, action.national_target_code
    engine.dispose()


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_json_free_text_is_neutralised_but_codes_and_numbers_are_not(malicious_engine, lang: str) -> None:  # type: ignore[no-untyped-def]
    engine, code, target = malicious_engine
    report = build_national_report(engine, lang, results={})
    raw = report.actions.set_index("action_code").loc[code, "title"]
    assert raw == MALICIOUS_TITLE  # the tables keep the data as stored; the JSON is what leaves
    document = json.loads(report_json(report))
    targets = {t["national_target"]: t for t in document["section_iii"]}
    actions = {a["action_code"]: a for t in document["section_iii"] for a in t["nbsap_actions"]}
    assert actions[code]["title"] == "'" + MALICIOUS_TITLE
    assert actions[code]["national_target"] == target and actions[code]["action_code"] == code  # codes untouched
    assert targets["NT3"]["justification"] == "'" + MALICIOUS_JUSTIFICATION
    assert targets["NT3"]["level_of_progress"] == "insufficient_rate"
    # no free-text field of any table starts a formula; numbers stay numbers
    texts = [v for row in document["indicator_data"] for v in row.values() if isinstance(v, str)]
    texts += [v for t in targets.values() for k, v in t.items() if isinstance(v, str)]
    texts += [v for a in actions.values() for v in a.values() if isinstance(v, str)]
    assert not [v for v in texts if v.startswith(("=", "+", "-", "@", "\t", "\r"))]
    assert all(isinstance(t["actions"], int) for t in targets.values())
    assert all(a["percent_complete"] is None or isinstance(a["percent_complete"], (int, float)) for a in actions.values())


def test_json_neutralises_signed_text_but_not_negative_numbers() -> None:
    from reports.national_report import NationalReport

    indicators = pd.DataFrame([{"indicator_code": "A.3", "year": 2020, "value": -0.25, "disaggregation": "",
                                "unit": "index", "source": "-", "comments": "+/- 0.1", "indicator_name": "Red List Index",
                                "indicator_type": "headline", "dashboard_indicator": "red_list_index"}])
    empty = pd.DataFrame(columns=["national_target"])
    report = NationalReport("en", indicators, empty, empty, "1", 2025)
    (row,) = json.loads(report_json(report))["indicator_data"]
    assert row["value"] == -0.25 and row["year"] == 2020
    assert row["source"] == "'-" and row["comments"] == "'+/- 0.1"  # text starting with a sign is neutralised
    assert row["indicator_name"] == "Red List Index" and row["indicator_code"] == "A.3"


@pytest.mark.parametrize(("lang", "terrestrial"), [("ko", "육상·해양 = 육상"), ("en", "Realm = Terrestrial")])
def test_the_disaggregation_is_written_in_the_reports_language(report_setup, lang: str, terrestrial: str) -> None:  # type: ignore[no-untyped-def]
    """The readers' names in `disaggregation`, the codes the ORT may match on beside it."""
    engine, results, _ = report_setup
    report = build_national_report(engine, lang, results=results)
    coverage = report.indicators.loc[report.indicators["dashboard_indicator"] == "protected_area_coverage"]
    assert set(coverage["disaggregation_codes"]) == {"realm=terrestrial", "realm=marine"}
    assert terrestrial in set(coverage["disaggregation"])
    computed = report.indicators.loc[report.indicators["dashboard_indicator"] != ""]
    assert not computed["disaggregation"].str.contains(r"[a-z]+_[a-z]+|=\w", regex=True).any()
