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
