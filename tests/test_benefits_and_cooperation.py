"""ABS benefits and permits (C.1, C.2, 13.CT.1), biodiversity ODA (D.1), capacity and cooperation (T20)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine

from data_access.database import session_scope
from data_access.models import (
    AccessPermit,
    BenefitSharingAgreement,
    CapacityEvent,
    CooperationProject,
    Country,
    MaterialTransfer,
    MonetaryBenefit,
    NonMonetaryBenefit,
    ProjectBudget,
)
from data_access.queries import abs_inputs, cooperation_inputs
from indicators import (
    abs_benefits,
    abs_non_monetary_benefits,
    abs_permits,
    biodiversity_oda,
    capacity_cooperation,
)


def test_rio_marker_weights_by_hand() -> None:
    rows = pd.DataFrame({"year": 2023, "recipient": ["EC", "EC", "VN"], "rio_marker": [1, 0, 2], "usd": [100.0, 500.0, 10.0]})
    frame = biodiversity_oda.compute({"oda_disbursements": rows}).frame.set_index("recipient")
    assert frame.loc["EC", "value"] == 40.0  # 1 × 100 → 40; the marker-0 project counts nothing
    assert frame.loc["EC", "significant_usd"] == 100.0 and frame.loc["EC", "gross_usd"] == 600.0
    assert frame.loc["all", "value"] == 50.0
    half = biodiversity_oda.compute({"oda_disbursements": rows}, significant_weight=0.5).frame.set_index("recipient")
    assert half.loc["EC", "value"] == 50.0
    with pytest.raises(ValueError):
        biodiversity_oda.compute({"oda_disbursements": rows.assign(rio_marker=3)})


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["EC", "VN", "MN"]), st.integers(0, 2), st.floats(0, 1e6)), min_size=1, max_size=20),
       st.integers(0, 99))
def test_oda_total_is_the_sum_of_recipients_in_any_order(rows, seed) -> None:  # type: ignore[no-untyped-def]
    frame = pd.DataFrame(rows, columns=["recipient", "rio_marker", "usd"]).assign(year=2022)
    a = biodiversity_oda.compute({"oda_disbursements": frame}).frame
    b = biodiversity_oda.compute({"oda_disbursements": frame.sample(frac=1, random_state=seed)}).frame
    pd.testing.assert_frame_equal(a, b, check_exact=False)
    parts = a[a["recipient"] != "all"]["value"].sum()
    assert a[a["recipient"] == "all"]["value"].iloc[0] == pytest.approx(parts)


def test_monetary_benefits_use_each_records_stored_rate() -> None:
    # 100 EUR at 1.10 USD (2022) and 100 EUR at 1.05 USD (2023): never one rate for both years
    rows = pd.DataFrame({"year": [2022, 2023], "kind": "royalty", "usd": [110.0, 105.0], "krw": [140_000.0, 145_000.0],
                         "records": 1})
    frame = abs_benefits.compute({"abs_monetary_benefits": rows}).frame
    usd = frame[(frame["currency"] == "USD") & (frame["kind"] == "all")].set_index("year")["value"]
    assert usd.to_dict() == {2022: 110.0, 2023: 105.0}
    assert set(frame["currency"]) == {"USD", "KRW"}


def test_non_monetary_and_permits_by_hand() -> None:
    benefits = pd.DataFrame({"year": 2022, "benefit_type": ["training", "training", "data_sharing"], "records": [1, 2, 1],
                             "quantity": [10.0, 5.0, None]})
    frame = abs_non_monetary_benefits.compute({"abs_non_monetary": benefits}).frame.set_index("benefit_type")
    assert frame.loc["all", "value"] == 4.0 and frame.loc["training", "quantity"] == 15.0
    permits = pd.DataFrame({"year": [2021, 2021, 2022], "kind": ["access_report", "pic_permit", "pic_permit"],
                            "purpose": ["commercial", "non_commercial", "commercial"], "permits": [5, 2, 1], "irccs": [0, 2, 1]})
    table = abs_permits.compute({"abs_access_permits": permits}).frame.set_index(["series", "year"])["value"]
    assert table[("all", 2021)] == 7 and table[("ircc", 2021)] == 2 and table[("ircc_non_commercial", 2021)] == 2
    assert table[("ircc_non_commercial", 2022)] == 0


def _rows(session) -> None:  # type: ignore[no-untyped-def]
    session.add_all([Country(iso2="EC", name_en="Ecuador", is_megadiverse=True), Country(iso2="MN", name_en="Mongolia")])
    agreement = BenefitSharingAgreement(agreement_no="A1", partner_name="Corp", partner_country="FR", signed_on=dt.date(2021, 1, 1))
    session.add(agreement)
    session.flush()
    session.add_all([
        MonetaryBenefit(agreement_id=agreement.id, year=2022, kind="upfront", amount=100.0, currency="EUR",
                        usd_per_unit=1.10, krw_per_unit=1400.0),
        MonetaryBenefit(agreement_id=agreement.id, year=2022, kind="royalty", amount=1_000_000.0, currency="KRW",
                        usd_per_unit=0.00075, krw_per_unit=1.0),
        NonMonetaryBenefit(agreement_id=agreement.id, year=2022, benefit_type="training", quantity=12),
        AccessPermit(reference_no="R1", kind="access_report", provider_country="KR", user_country="FR",
                     issued_on=dt.date(2022, 5, 1), year=2022, purpose="non_commercial"),
        AccessPermit(reference_no="R2", kind="pic_permit", ircc_id="ABSCH-IRCC-KR-000001-1", provider_country="KR",
                     user_country="JP", issued_on=dt.date(2022, 6, 1), year=2022, purpose="non_commercial"),
    ])
    oda = CooperationProject(code="P1", title_ko="에콰도르", title_en="Ecuador", kind="oda", partner_country="EC",
                             starts_on=dt.date(2022, 12, 13), ends_on=dt.date(2028, 12, 31), rio_marker=2)
    research = CooperationProject(code="P2", title_ko="몽골", title_en="Mongolia", kind="joint_research",
                                  partner_country="MN", starts_on=dt.date(2023, 1, 1), ends_on=dt.date(2023, 12, 31), rio_marker=1)
    session.add_all([oda, research])
    session.flush()
    session.add_all([
        ProjectBudget(project_id=oda.id, year=2023, amount=1_000_000_000.0, currency="KRW", usd_per_unit=0.00077),
        ProjectBudget(project_id=research.id, year=2023, amount=100_000.0, currency="USD", usd_per_unit=1.0),
        CapacityEvent(event_key="C1", project_id=oda.id, title="DNA barcoding", country="EC", held_on=dt.date(2023, 4, 3),
                      trainees=10, women_trainees=6, year=2023),
        MaterialTransfer(transfer_key="M1", project_id=research.id, partner_country="MN", handed_over_on=dt.date(2023, 9, 1),
                         kind="duplicate_specimen", quantity=250, year=2023),
        MaterialTransfer(transfer_key="M2", partner_country="EC", handed_over_on=dt.date(2023, 9, 1), kind="book",
                         quantity=30, year=2023),
    ])


def test_loaders_on_both_databases(engine: Engine) -> None:
    with session_scope(engine) as session:
        _rows(session)
    with session_scope(engine) as session:
        money = abs_inputs.load_monetary_benefits(session)
        other = abs_inputs.load_non_monetary_benefits(session)
        permits = abs_inputs.load_access_permits(session)
        oda = cooperation_inputs.load_oda_disbursements(session)
        oda_all = cooperation_inputs.load_oda_disbursements(session, include_joint_research=True)
        projects = cooperation_inputs.load_cooperation_projects(session)
        counts = cooperation_inputs.load_cooperation_counts(session)
    usd = abs_benefits.compute({"abs_monetary_benefits": money}).frame
    total = usd[(usd["currency"] == "USD") & (usd["kind"] == "all")]["value"].iloc[0]
    assert total == pytest.approx(100 * 1.10 + 1_000_000 * 0.00075)  # 110 + 750
    krw = usd[(usd["currency"] == "KRW") & (usd["kind"] == "all")]["value"].iloc[0]
    assert krw == pytest.approx(140_000 + 1_000_000)
    assert abs_non_monetary_benefits.compute({"abs_non_monetary": other}).frame["value"].max() == 1
    assert abs_permits.compute({"abs_access_permits": permits}).frame.set_index("series").loc["ircc", "value"] == 1
    assert biodiversity_oda.compute({"oda_disbursements": oda}, until_year=2024).frame.set_index("recipient").loc["EC", "value"] == pytest.approx(770_000)
    with_research = biodiversity_oda.compute({"oda_disbursements": oda_all}, until_year=2024).frame.set_index("recipient")
    assert with_research.loc["MN", "value"] == pytest.approx(40_000)
    frame = capacity_cooperation.compute({"cooperation_projects": projects, "cooperation_counts": counts}, until_year=2024).frame
    table = frame.set_index(["series", "partner_country", "year"])["value"]
    assert table[("trainees", "EC", 2023)] == 10 and table[("women_trainees", "megadiverse", 2023)] == 6
    assert table[("duplicate_specimens", "MN", 2023)] == 250 and table[("books", "megadiverse", 2023)] == 30
    assert ("duplicate_specimens", "megadiverse", 2023) not in table.index  # Mongolia is not megadiverse
    assert table[("active_projects", "all", 2023)] == 2 and table[("active_projects", "all", 2024)] == 1
    assert table[("active_projects", "megadiverse", 2022)] == 1
