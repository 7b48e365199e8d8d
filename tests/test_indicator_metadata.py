"""Every registered indicator has a valid metadata sheet whose GBF code exists, and a README line."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from indicators import registry
from indicators.metadata import INDICATOR_DIR, load_metadata

REPO = Path(__file__).resolve().parents[1]
GBF_CODES = {
    row["code"] for row in csv.DictReader((REPO / "sample_data/reference/gbf_indicators.csv").open(encoding="utf-8"))
}


@pytest.mark.parametrize("indicator_id", registry.INDICATOR_IDS)
def test_metadata_validates_and_matches_reference(indicator_id: str) -> None:
    meta = load_metadata(indicator_id)
    assert meta.gbf_code in GBF_CODES or meta.gbf_code == "national", meta.gbf_code
    assert meta.name.ko != meta.name.en


def test_every_metadata_file_belongs_to_a_registered_indicator() -> None:
    files = {p.name.removesuffix(".meta.yml") for p in INDICATOR_DIR.glob("*.meta.yml")}
    assert files == set(registry.INDICATOR_IDS)


@pytest.mark.parametrize("indicator_id", registry.INDICATOR_IDS)
def test_every_indicator_is_in_the_readme_table(indicator_id: str) -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert f"`{indicator_id}`" in readme, f"README's indicator table lacks {indicator_id}"


@pytest.mark.parametrize("indicator_id", registry.INDICATOR_IDS)
def test_every_indicator_module_declares_inputs_and_compute(indicator_id: str) -> None:
    spec = registry.get(indicator_id)
    assert spec.inputs and callable(spec.compute)


# Indicators whose series are different quantities (action counts beside the completion rate) name
# each series' unit, so a chart of the rate alone is labelled %, not 'actions / %'.
def test_series_units_match_by_value_or_pattern_first_match_wins() -> None:
    nbsap = load_metadata("nbsap_implementation")
    assert nbsap.series_unit("pct_completed", "en") == "%" and nbsap.series_unit("overdue", "ko") == "과제"
    life = load_metadata("animal_life_cycle")
    assert life.series_unit("deaths_reported_late_pct", "en") == "%" and life.series_unit("deaths", "en") == "events"
    coop = load_metadata("capacity_cooperation")
    assert [coop.series_unit(v, "en") for v in ("active_projects", "women_trainees", "books")] == ["projects", "people", "items"]
    rli = load_metadata("red_list_index")  # one quantity: its unit, whatever the series
    assert rli.series_unit("Aves", "en") == rli.unit("en")


def test_a_chart_axis_takes_the_unit_its_series_share() -> None:
    nbsap = load_metadata("nbsap_implementation")
    assert nbsap.drawn_unit(["pct_completed"], "ko") == "%"
    assert nbsap.drawn_unit(["actions", "overdue"], "en") == "actions"
    assert nbsap.drawn_unit(["actions", "pct_completed"], "en") == nbsap.unit("en") == "actions / %"
    assert nbsap.drawn_unit(None, "en") == "actions / %"
    assert nbsap.unit_of({"series": "pct_completed", "target_kind": "all"}, "en") == "%"
    assert nbsap.unit_of({"target_kind": "all"}, "en") == "actions / %"


def test_the_schema_refuses_series_units_without_a_disaggregation() -> None:
    from pydantic import ValidationError

    from indicators.metadata import IndicatorMetadata

    data = load_metadata("wildlife_seizures").model_dump()
    with pytest.raises(ValidationError, match="series_units"):
        IndicatorMetadata.model_validate({**data, "disaggregations": [], "value_names": {}, "progress": None,
                                          "headline": None, "series_units": {"*": {"ko": "건", "en": "cases"}}})
