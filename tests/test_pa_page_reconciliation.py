"""The protected-areas page shows the indicator results, not figures of its own.

It used to show 23.6 % land covered and 44.2 % mean KBA coverage on the sample database beside an
indicator at 17.9 % and 30.6 %: its own query dissolved *every* site (proposed sites and UNESCO-MAB
Biosphere Reserves included, point sites dropped instead of buffered) over the sum of province
areas. Now every coverage figure on the page is read from `protected_area_coverage` /
`kba_protection_coverage` results, and this test compares them figure by figure.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from data_access.database import make_engine, session_scope
from data_access.indicator_inputs import load_inputs
from i18n import format_percent, t
from indicators import registry

REPO = Path(__file__).resolve().parents[1]


def indicator(url: str, indicator_id: str, **options: object):  # type: ignore[no-untyped-def]
    with session_scope(make_engine(url)) as session:
        inputs = load_inputs(session, indicator_id)
    return registry.get(indicator_id).run(inputs, **options)


def test_pa_page_figures_equal_the_indicator_results(sample_database: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    url = f"sqlite:///{sample_database}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.chdir(REPO)
    coverage = indicator(url, "protected_area_coverage").frame
    land = coverage.loc[coverage["realm"] == "terrestrial"].sort_values("year").iloc[-1]
    kba = indicator(url, "kba_protection_coverage").frame.sort_values("year").iloc[-1]
    provinces = indicator(url, "protected_area_coverage", by="province").frame
    per_kba = indicator(url, "kba_protection_coverage", by="kba").frame

    app = AppTest.from_file(str(REPO / "app.py"), default_timeout=240)
    app.query_params["lang"] = "en"
    app.run()
    app.switch_page("pages/protected_areas.py")
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    shown = {m.label: m.value for m in app.metric}

    assert shown[t("pg.pa.metric.land_coverage", "en")] == format_percent(float(land["value"]), "en")
    assert shown[t("pg.pa.metric.kba", "en")] == format_percent(float(kba["value"]), "en")
    # the sample database's known values, so a change of method shows up here too
    assert float(land["value"]) == pytest.approx(17.93, abs=0.05)
    assert float(kba["value"]) == pytest.approx(30.55, abs=0.05)

    tables = {tuple(d.value.columns): d.value for d in app.dataframe}
    by_province = tables[(t("pg.pa.col.province", "en"), t("pg.pa.col.land", "en"), t("pg.pa.col.protected", "en"),
                          t("pg.pa.percent", "en"))]
    expected = provinces.set_index("province_name_en")["value"].round(1)
    got = by_province.set_index(t("pg.pa.col.province", "en"))[t("pg.pa.percent", "en")]
    assert got.to_dict() == expected.to_dict()
    by_kba = next(v for k, v in tables.items() if t("pg.pa.col.kba_code", "en") in k)
    got = by_kba.set_index(t("pg.pa.col.kba_code", "en"))[t("pg.pa.percent", "en")]
    assert got.to_dict() == per_kba.set_index("kba")["value"].round(1).to_dict()
    assert got.mean() == pytest.approx(float(kba["value"]), abs=0.1)  # the metric is the mean of this table
