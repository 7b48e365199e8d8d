"""Roles and masking (issue 8): who may do what, and what each role sees of personal data,
sensitive locations and small counts. Pure functions; no database."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from data_access.masking import (
    CELL_HALF_DIAGONAL_M,
    MASK,
    SUPPRESSED,
    cell_centre,
    generalise_occurrences,
    grid_cell,
    mask_indicator_output,
    mask_personal,
    sensitive_cell_counts,
    suppress_count,
    suppress_small_counts,
)
from data_access.roles import ROLES, UnknownRoleError, role_allows

# role → required → allowed, written out by hand (not derived from ROLES.index)
ALLOWED = {
    "viewer": {"viewer"},
    "analyst": {"viewer", "analyst"},
    "steward": {"viewer", "analyst", "steward"},
    "admin": {"viewer", "analyst", "steward", "admin"},
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("required", ROLES)
def test_role_order(role: str, required: str) -> None:
    assert role_allows(role, required) is (required in ALLOWED[role])


def test_unknown_roles_are_allowed_nothing() -> None:
    assert not role_allows("superuser", "viewer")
    assert not role_allows("", "viewer")
    with pytest.raises(UnknownRoleError):
        role_allows("admin", "root")


def _distance_m(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    radius = 6_371_008.8
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * radius * math.asin(math.sqrt(a))


HOLDERS = pd.DataFrame({
    "holder_key": ["H1", "H2"], "name": ["김철수", "Lee Young-hee"], "address": ["서울시 중구 세종대로 110", None],
    "phone": ["010-1234-5678", "02-123-4567"], "animals": [4, 1],
})


@pytest.mark.parametrize("role", ["viewer", "analyst"])
def test_personal_data_is_masked_below_steward(role: str) -> None:
    masked = mask_personal(HOLDERS, role)
    assert masked["name"].tolist() == [MASK, MASK]
    assert masked["address"].tolist() == [MASK, None]  # a missing value stays missing, not a fake mask
    assert masked["phone"].tolist() == [MASK, MASK]
    assert masked["holder_key"].tolist() == ["H1", "H2"] and masked["animals"].tolist() == [4, 1]
    assert HOLDERS["name"].tolist() == ["김철수", "Lee Young-hee"], "the input frame must not change"


@pytest.mark.parametrize("role", ["steward", "admin"])
def test_stewards_see_personal_data(role: str) -> None:
    pd.testing.assert_frame_equal(mask_personal(HOLDERS, role), HOLDERS)


def test_seoul_city_hall_cell() -> None:
    # Seoul City Hall, 126.9780 E 37.5665 N, is at about (953,900 m E, 1,952,000 m N) in EPSG:5179
    # (false easting 1,000,000 at 127.5 E; false northing 2,000,000 at 38 N).
    assert grid_cell(126.9780, 37.5665) == "10kmE95N195"
    lon, lat = cell_centre(126.9780, 37.5665)
    assert _distance_m(126.9780, 37.5665, lon, lat) <= CELL_HALF_DIAGONAL_M
    # the centre of a cell is in that cell, and is its own centre
    assert grid_cell(lon, lat) == "10kmE95N195"
    assert cell_centre(lon, lat) == pytest.approx((lon, lat), abs=1e-6)


OCCURRENCES = pd.DataFrame({
    "record_key": ["a", "b", "c", "d"],
    "decimal_longitude": [126.9780, 126.9790, 129.0756, 127.0000],
    "decimal_latitude": [37.5665, 37.5670, 35.1796, 36.0000],
    "coordinate_uncertainty_m": [5.0, 10.0, 30.0, 50.0],
    "locality": ["세종대로 110", "덕수궁", "부산 해운대", "대전"],
    "is_sensitive": [True, True, True, False],
    "scientific_name": ["Ursus thibetanus", "Ursus thibetanus", "Ciconia boyciana", "Pica serica"],
})


def test_viewer_gets_sensitive_points_on_the_10_km_grid() -> None:
    shown = generalise_occurrences(OCCURRENCES, "viewer")
    for before, after in zip(OCCURRENCES.itertuples(), shown.itertuples(), strict=True):
        moved = _distance_m(before.decimal_longitude, before.decimal_latitude, after.decimal_longitude, after.decimal_latitude)
        if before.is_sensitive:
            assert 0 < moved <= CELL_HALF_DIAGONAL_M
            assert after.locality is None and after.coordinate_uncertainty_m == CELL_HALF_DIAGONAL_M
            assert after.grid_cell == grid_cell(before.decimal_longitude, before.decimal_latitude)
        else:
            assert moved == 0 and after.locality == before.locality and after.grid_cell is None
    # two records in one cell become indistinguishable
    assert tuple(shown.loc[0, ["decimal_longitude", "decimal_latitude"]]) == tuple(shown.loc[1, ["decimal_longitude", "decimal_latitude"]])


@pytest.mark.parametrize("role", ["analyst", "steward", "admin"])
def test_analysts_and_above_get_exact_points(role: str) -> None:
    pd.testing.assert_frame_equal(generalise_occurrences(OCCURRENCES, role), OCCURRENCES)


def test_small_counts_are_suppressed_for_viewers_only() -> None:
    counts = pd.DataFrame({"facility": list("ABCDE"), "animals": [0, 1, 2, 3, 40], "net": [-1, -2, -3, 5, 0]})
    viewer = suppress_small_counts(counts, "viewer", ["animals", "net"])
    assert viewer["animals"].tolist() == ["0", SUPPRESSED, SUPPRESSED, "3", "40"]
    assert viewer["net"].tolist() == [SUPPRESSED, SUPPRESSED, "-3", "5", "0"]
    assert viewer["facility"].tolist() == list("ABCDE")
    pd.testing.assert_frame_equal(suppress_small_counts(counts, "analyst", ["animals", "net"]), counts)
    assert [suppress_count(n, "viewer") for n in (0, 1, 2, 3)] == [0, SUPPRESSED, SUPPRESSED, 3]
    assert suppress_count(1, "steward") == 1


def test_viewer_cell_counts_are_aggregates_with_small_counts_suppressed() -> None:
    points = OCCURRENCES.loc[OCCURRENCES["is_sensitive"]].assign(records=[1, 4, 2])
    cells = sensitive_cell_counts(points, "viewer").set_index("grid_cell")
    seoul, busan = grid_cell(126.9780, 37.5665), grid_cell(129.0756, 35.1796)
    assert set(cells.index) == {seoul, busan}
    assert cells.loc[seoul, "records"] == "5" and cells.loc[busan, "records"] == SUPPRESSED
    assert "record_key" not in cells.columns and "locality" not in cells.columns
    exact = sensitive_cell_counts(points, "analyst").set_index("grid_cell")
    assert exact.loc[busan, "records"] == 2


def test_indicator_exports_suppress_individual_counts_for_viewers() -> None:
    balance = pd.DataFrame({"scientific_name": ["A", "A"], "facility": ["F1", "F2"], "year": [2024, 2024],
                            "value": [2.0, 7.0], "import": [2.0, 5.0], "net": [1.0, 7.0]})
    viewer = mask_indicator_output("captive_population_balance", balance, "viewer")
    assert viewer["value"].tolist() == [SUPPRESSED, "7"] and viewer["net"].tolist() == [SUPPRESSED, "7"]
    assert mask_indicator_output("captive_population_balance", balance, "analyst")["value"].tolist() == [2.0, 7.0]
    life = pd.DataFrame({"series": ["deaths", "deaths_reported_late_pct"], "year": [2024, 2024], "value": [2.0, 1.5]})
    shown = mask_indicator_output("animal_life_cycle", life, "viewer")
    assert shown["value"].tolist() == [SUPPRESSED, 1.5], "percentages are not counts of individuals"
    rli = pd.DataFrame({"year": [2020], "value": [0.91]})
    pd.testing.assert_frame_equal(mask_indicator_output("red_list_index", rli, "viewer"), rli)


class _Upload:
    """What st.file_uploader hands over: a name chosen by the browser and the bytes."""

    def __init__(self, name: str, data: bytes) -> None:
        self.name, self._data = name, data

    def getvalue(self) -> bytes:
        return self._data


@pytest.mark.parametrize("name", ["../../../tmp/evil.py", "..", "/etc/passwd", "C:\\Windows\\evil.csv", ".bashrc",
                                  "a/../../b.csv", "species list.csv"])
def test_uploads_stay_in_the_scratch_folder(name: str) -> None:
    import tempfile
    from pathlib import Path

    from ui.data_import import _saved_upload

    data = f"payload for {name}".encode()
    path = _saved_upload(_Upload(name, data))
    scratch = (Path(tempfile.gettempdir()) / "gbf_uploads").resolve()
    assert path.resolve().parent.parent == scratch and path.read_bytes() == data
    assert not path.name.startswith(".") and "/" not in path.name and "\\" not in path.name
