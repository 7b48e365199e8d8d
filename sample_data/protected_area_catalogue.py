"""Korean protected-area designations and named sites for the sample WDPA-like layer.

Laws, ministries and the national parks' years come from shared/methods/korea_domain.md §2.4.
Centres are approximate (to ~5 km) and areas rounded; geometries built from them are synthetic
blobs, not the real boundaries. WDPA attribute values follow the WDPA manual (data_formats.md §1.2).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Designation:
    """One designation type: its law, ministry, WDPA attributes and how many generic sites to make."""

    key: str
    name_ko: str
    name_en: str
    designation_type: str  # National | International
    legal_basis: str
    ministry: str  # authority.code of the responsible ministry (MCEE after the Oct-2025 rename)
    management_authority: str
    iucn_category: str
    realm: str  # terrestrial | coastal | marine (where generic sites are placed)
    site_type: str  # PA | OECM
    status: str  # WDPA STATUS of generic sites
    generic_national: int  # generic (unnamed) sites at national scale
    generic_sample: int  # generic sites at sample scale
    median_km2: float  # median area of a generic site
    first_year: int  # status years of generic sites fall in [first_year, last_year]
    last_year: int
    governance: str = "Federal or national ministry or agency"
    point_share: float = 0.0  # share of generic sites published as points with a reported area only
    counts_for_coverage_calibration: bool = True  # generic sites are resized to hit the target coverage


# Area sizes: national parks from §2.4; others typical of KDPA records (most sites are small).
DESIGNATIONS: tuple[Designation, ...] = (
    Designation("national_park", "국립공원", "National Park", "National", "자연공원법", "MCEE",
                "국립공원공단 (Korea National Park Service)", "II", "terrestrial", "PA", "Designated",
                0, 0, 100.0, 1967, 2023, counts_for_coverage_calibration=False),
    Designation("provincial_park", "도립공원", "Provincial Park", "National", "자연공원법", "MCEE",
                "시·도 (provincial government)", "V", "terrestrial", "PA", "Designated",
                30, 12, 30.0, 1970, 2020, governance="Sub-national ministry or agency"),
    Designation("county_park", "군립공원", "County Park", "National", "자연공원법", "MCEE",
                "시·군 (county government)", "V", "terrestrial", "PA", "Designated",
                27, 8, 8.0, 1980, 2020, governance="Sub-national ministry or agency"),
    Designation("ecosystem_landscape", "생태·경관보전지역", "Ecosystem and Landscape Conservation Area",
                "National", "자연환경보전법", "MCEE", "환경부 유역(지방)환경청", "Ia", "terrestrial", "PA",
                "Designated", 40, 8, 6.0, 1989, 2023),
    Designation("inland_wetland", "습지보호지역(내륙)", "Wetland Protected Area (inland)", "National",
                "습지보전법", "MCEE", "환경부 유역(지방)환경청", "IV", "terrestrial", "PA", "Designated",
                30, 8, 1.5, 1999, 2024),
    Designation("coastal_wetland", "습지보호지역(연안)", "Wetland Protected Area (coastal)", "National",
                "습지보전법", "MOF", "해양수산부 지방해양수산청", "IV", "coastal", "PA", "Designated",
                10, 4, 25.0, 2001, 2024),
    Designation("wildlife_special", "야생생물 특별보호구역", "Special Wildlife Protection Area", "National",
                "야생생물 보호 및 관리에 관한 법률 제27조", "MCEE", "환경부 유역(지방)환경청", "IV",
                "terrestrial", "PA", "Designated", 10, 3, 3.0, 2005, 2022),
    Designation("wildlife_local", "야생생물 보호구역", "Wildlife Protection Area", "National",
                "야생생물 보호 및 관리에 관한 법률 제33조", "MCEE", "시·군·구 (local government)", "IV",
                "terrestrial", "PA", "Designated", 380, 30, 1.2, 1990, 2024, governance="Sub-national ministry or agency"),
    Designation("marine_protected", "해양보호구역", "Marine Protected Area", "National",
                "해양생태계의 보전 및 관리에 관한 법률", "MOF", "해양수산부", "IV", "marine", "PA", "Designated",
                19, 8, 30.0, 2002, 2024),
    Designation("specific_island", "특정도서", "Specified Island", "National",
                "독도 등 도서지역의 생태계 보전에 관한 특별법", "MCEE", "환경부", "Ia", "coastal", "PA",
                "Designated", 257, 25, 0.15, 2000, 2022, point_share=0.6),
    Designation("forest_protection", "산림보호구역", "Forest Protection Area", "National", "산림보호법", "KFS",
                "산림청 (Korea Forest Service)", "IV", "terrestrial", "PA", "Designated",
                2050, 110, 5.0, 1975, 2025),
    Designation("baekdudaegan", "백두대간보호지역", "Baekdudaegan Mountains Protected Area", "National",
                "백두대간 보호에 관한 법률", "KFS", "산림청 (Korea Forest Service)", "IV", "terrestrial", "PA",
                "Designated", 0, 0, 2750.0, 2005, 2005, counts_for_coverage_calibration=False),
    Designation("natural_reserve", "천연보호구역", "Natural Reserve", "National", "자연유산의 보존 및 활용에 관한 법률",
                "KHS", "국가유산청 (Korea Heritage Service)", "III", "terrestrial", "PA", "Designated",
                0, 0, 10.0, 1965, 2011, counts_for_coverage_calibration=False),
    Designation("ramsar", "람사르습지", "Ramsar Site, Wetland of International Importance", "International",
                "람사르협약 / 습지보전법", "MCEE", "환경부·해양수산부", "Not Reported", "coastal", "PA", "Designated",
                0, 0, 5.0, 1997, 2021, counts_for_coverage_calibration=False),
    Designation("mab", "생물권보전지역", "UNESCO-MAB Biosphere Reserve", "International", "UNESCO MAB 프로그램",
                "MCEE", "유네스코 한국위원회", "Not Applicable", "terrestrial", "PA", "Designated",
                0, 0, 500.0, 1982, 2019, counts_for_coverage_calibration=False),
    Designation("world_heritage", "세계자연유산", "World Heritage Site (natural or mixed)", "International",
                "세계유산협약", "KHS", "국가유산청", "Not Applicable", "coastal", "PA", "Inscribed",
                0, 0, 200.0, 2007, 2021, counts_for_coverage_calibration=False),
    Designation("oecm", "자연공존지역", "Other Effective area-based Conservation Measure", "National",
                "자연환경보전법 (자연공존지역)", "MCEE", "다양 (사찰림·국민신탁·보전협약지)", "Not Applicable",
                "terrestrial", "OECM", "Designated", 60, 10, 6.0, 2023, 2025,
                governance="Collaborative governance", counts_for_coverage_calibration=False),
)
DESIGNATION_BY_KEY: dict[str, Designation] = {d.key: d for d in DESIGNATIONS}

# Generic site name stems per designation (a place name is prepended).
GENERIC_NAME_SUFFIX: dict[str, tuple[str, str]] = {
    "provincial_park": ("도립공원", "Provincial Park"),
    "county_park": ("군립공원", "County Park"),
    "ecosystem_landscape": ("생태·경관보전지역", "Ecosystem and Landscape Conservation Area"),
    "inland_wetland": ("습지보호지역", "Wetland Protected Area"),
    "coastal_wetland": ("갯벌 습지보호지역", "Tidal Flat Wetland Protected Area"),
    "wildlife_special": ("야생생물 특별보호구역", "Special Wildlife Protection Area"),
    "wildlife_local": ("야생생물 보호구역", "Wildlife Protection Area"),
    "marine_protected": ("해양보호구역", "Marine Protected Area"),
    "specific_island": ("특정도서", "Specified Island"),
    "forest_protection": ("산림보호구역", "Forest Protection Area"),
    "oecm": ("자연공존지역", "OECM"),
}


@dataclass(frozen=True)
class NamedSite:
    """A real site: designation, names, year, area and one or more parcel centres (lon, lat)."""

    designation: str
    name_ko: str
    name_en: str
    year: int
    area_km2: float  # total reported area
    centres: tuple[tuple[float, float], ...]
    realm: str = "terrestrial"
    marine_share: float = 0.0  # share of the reported area at sea (coastal/marine parks)
    status: str | None = None


def _p(*xy: float) -> tuple[tuple[float, float], ...]:
    return tuple(zip(xy[0::2], xy[1::2], strict=True))


# National parks (§2.4: 22 until 2023, Palgongsan 23rd on 31 Dec 2023). Marine parks are split into
# parcels around their islands; the land/sea split is that of the Korea National Park Service.
NATIONAL_PARKS: tuple[NamedSite, ...] = (
    NamedSite("national_park", "지리산국립공원", "Jirisan National Park", 1967, 483.0, _p(127.73, 35.33)),
    NamedSite("national_park", "경주국립공원", "Gyeongju National Park", 1968, 136.6, _p(129.22, 35.80, 129.34, 35.76)),
    NamedSite("national_park", "계룡산국립공원", "Gyeryongsan National Park", 1968, 65.3, _p(127.21, 36.35)),
    NamedSite("national_park", "한려해상국립공원", "Hallyeohaesang National Park", 1968, 535.7,
              _p(128.62, 34.78, 128.40, 34.72, 128.00, 34.74, 127.78, 34.72), "coastal", 0.76),
    NamedSite("national_park", "설악산국립공원", "Seoraksan National Park", 1970, 398.2, _p(128.43, 38.12)),
    NamedSite("national_park", "속리산국립공원", "Songnisan National Park", 1970, 274.8, _p(127.85, 36.55)),
    NamedSite("national_park", "한라산국립공원", "Hallasan National Park", 1970, 153.3, _p(126.53, 33.36)),
    NamedSite("national_park", "내장산국립공원", "Naejangsan National Park", 1971, 80.7, _p(126.89, 35.47)),
    NamedSite("national_park", "가야산국립공원", "Gayasan National Park", 1972, 76.3, _p(128.12, 35.80)),
    NamedSite("national_park", "덕유산국립공원", "Deogyusan National Park", 1975, 229.4, _p(127.75, 35.86)),
    NamedSite("national_park", "오대산국립공원", "Odaesan National Park", 1975, 326.3, _p(128.60, 37.78)),
    NamedSite("national_park", "주왕산국립공원", "Juwangsan National Park", 1976, 105.6, _p(129.16, 36.40)),
    NamedSite("national_park", "태안해안국립공원", "Taeanhaean National Park", 1978, 377.0,
              _p(126.13, 36.80, 126.22, 36.60, 126.30, 36.45), "coastal", 0.94),
    NamedSite("national_park", "다도해해상국립공원", "Dadohaehaesang National Park", 1981, 2266.2,
              _p(125.20, 34.68, 125.95, 34.72, 126.05, 34.22, 126.60, 34.15, 127.31, 34.03, 127.45, 34.45),
              "coastal", 0.87),
    NamedSite("national_park", "북한산국립공원", "Bukhansan National Park", 1983, 76.9, _p(126.98, 37.66)),
    NamedSite("national_park", "치악산국립공원", "Chiaksan National Park", 1984, 175.7, _p(128.05, 37.37)),
    NamedSite("national_park", "월악산국립공원", "Woraksan National Park", 1984, 287.6, _p(128.10, 36.85)),
    NamedSite("national_park", "소백산국립공원", "Sobaeksan National Park", 1987, 322.0, _p(128.48, 36.95)),
    NamedSite("national_park", "변산반도국립공원", "Byeonsanbando National Park", 1988, 153.9, _p(126.55, 35.65),
              "coastal", 0.12),
    NamedSite("national_park", "월출산국립공원", "Wolchulsan National Park", 1988, 56.2, _p(126.70, 34.77)),
    NamedSite("national_park", "무등산국립공원", "Mudeungsan National Park", 2013, 75.4, _p(127.00, 35.13)),
    NamedSite("national_park", "태백산국립공원", "Taebaeksan National Park", 2016, 70.1, _p(128.93, 37.10)),
    NamedSite("national_park", "팔공산국립공원", "Palgongsan National Park", 2023, 126.058, _p(128.70, 36.02)),
)

# The Baekdudaegan ridge as a line from Jirisan to Hyangnobong; the site is a band along it.
BAEKDUDAEGAN_RIDGE: tuple[tuple[float, float], ...] = (
    (127.60, 35.30), (127.73, 35.33), (127.75, 35.86), (127.95, 36.10), (127.85, 36.55), (128.10, 36.85),
    (128.48, 36.95), (128.93, 37.10), (128.75, 37.55), (128.60, 37.78), (128.43, 38.12), (128.35, 38.33),
)

NATURAL_RESERVES: tuple[NamedSite, ...] = (
    NamedSite("natural_reserve", "홍도 천연보호구역", "Hongdo Natural Reserve", 1965, 6.5, _p(125.19, 34.68), "coastal"),
    NamedSite("natural_reserve", "설악산 천연보호구역", "Seoraksan Natural Reserve", 1965, 163.0, _p(128.45, 38.13)),
    NamedSite("natural_reserve", "한라산 천연보호구역", "Hallasan Natural Reserve", 1966, 91.0, _p(126.54, 33.37)),
    NamedSite("natural_reserve", "대암산·대우산 천연보호구역", "Daeamsan-Daeusan Natural Reserve", 1973, 14.0, _p(128.13, 38.20)),
    NamedSite("natural_reserve", "향로봉·건봉산 천연보호구역", "Hyangnobong-Geonbongsan Natural Reserve", 1973, 84.0, _p(128.35, 38.32)),
    NamedSite("natural_reserve", "독도 천연보호구역", "Dokdo Natural Reserve", 1982, 0.19, _p(131.87, 37.24), "coastal"),
    NamedSite("natural_reserve", "성산일출봉 천연보호구역", "Seongsan Ilchulbong Natural Reserve", 2000, 0.7, _p(126.94, 33.46), "coastal"),
    NamedSite("natural_reserve", "문섬·범섬 천연보호구역", "Munseom-Beomseom Natural Reserve", 2000, 0.9, _p(126.56, 33.22), "coastal"),
    NamedSite("natural_reserve", "차귀도 천연보호구역", "Chagwido Natural Reserve", 2000, 0.8, _p(126.14, 33.31), "coastal"),
    NamedSite("natural_reserve", "마라도 천연보호구역", "Marado Natural Reserve", 2000, 0.4, _p(126.27, 33.12), "coastal"),
    NamedSite("natural_reserve", "창녕 우포늪 천연보호구역", "Changnyeong Upo Wetland Natural Reserve", 2011, 3.4, _p(128.42, 35.555)),
)

# Ramsar sites (§2.4: 24 by end 2022, the first Yongneup in 1997).
RAMSAR_SITES: tuple[NamedSite, ...] = (
    NamedSite("ramsar", "대암산 용늪", "Yongneup of Mt. Daeam", 1997, 1.06, _p(128.12, 38.21)),
    NamedSite("ramsar", "창녕 우포늪", "Upo Wetland", 1998, 8.54, _p(128.42, 35.555)),
    NamedSite("ramsar", "신안 장도 산지습지", "Jangdo Island High-Mountain Wetland", 2005, 0.09, _p(125.37, 34.68), "coastal"),
    NamedSite("ramsar", "순천만·보성갯벌", "Suncheon Bay and Boseong Tidal Flat", 2006, 35.5, _p(127.50, 34.86, 127.38, 34.82), "coastal", 0.9),
    NamedSite("ramsar", "제주 물영아리오름", "Mulyeongari-oreum", 2006, 0.31, _p(126.68, 33.37)),
    NamedSite("ramsar", "태안 두웅습지", "Duung Wetland", 2007, 0.07, _p(126.19, 36.83)),
    NamedSite("ramsar", "울산 무제치늪", "Mujechineup", 2007, 0.18, _p(129.16, 35.45)),
    NamedSite("ramsar", "무안갯벌", "Muan Tidal Flat", 2008, 35.89, _p(126.40, 35.06), "coastal", 0.95),
    NamedSite("ramsar", "강화 매화마름 군락지", "Ganghwa Maehwamareum Habitat", 2008, 0.003, _p(126.47, 37.68)),
    NamedSite("ramsar", "오대산 국립공원 습지", "Odaesan National Park Wetlands", 2008, 0.017, _p(128.55, 37.80)),
    NamedSite("ramsar", "제주 물장오리오름", "Muljangori-oreum Wetland", 2008, 0.63, _p(126.60, 33.41)),
    NamedSite("ramsar", "제주 1100고지 습지", "1100 Altitude Wetland", 2009, 0.13, _p(126.46, 33.36)),
    NamedSite("ramsar", "서천갯벌", "Seocheon Tidal Flat", 2009, 15.3, _p(126.60, 36.00), "coastal", 0.95),
    NamedSite("ramsar", "고창·부안갯벌", "Gochang and Buan Tidal Flats", 2010, 45.5, _p(126.52, 35.55), "coastal", 0.95),
    NamedSite("ramsar", "제주 동백동산 습지", "Dongbaekdongsan Wetland", 2011, 0.59, _p(126.71, 33.51)),
    NamedSite("ramsar", "고창 운곡습지", "Ungok Wetland", 2011, 1.8, _p(126.60, 35.45)),
    NamedSite("ramsar", "신안 증도 갯벌", "Jeungdo Tidal Flats", 2011, 31.3, _p(126.15, 35.00), "coastal", 0.95),
    NamedSite("ramsar", "서울 한강 밤섬", "Hangang Bamseom Islets", 2012, 0.27, _p(126.93, 37.54)),
    NamedSite("ramsar", "인천 송도갯벌", "Songdo Tidal Flat", 2014, 6.11, _p(126.62, 37.37), "coastal", 0.95),
    NamedSite("ramsar", "제주 숨은물뱅듸", "Sumeunmulbaengdui Wetland", 2015, 1.18, _p(126.41, 33.38)),
    NamedSite("ramsar", "영월 한반도습지", "Hanbando Wetland", 2015, 1.92, _p(128.40, 37.22)),
    NamedSite("ramsar", "순천 동천하구", "Dongcheon Estuary", 2016, 5.39, _p(127.52, 34.90), "coastal", 0.6),
    NamedSite("ramsar", "안산 대부도갯벌", "Daebudo Tidal Flat", 2018, 4.53, _p(126.58, 37.28), "coastal", 0.95),
    NamedSite("ramsar", "고양 장항습지", "Janghang Wetland", 2021, 5.96, _p(126.77, 37.65)),
)

# UNESCO-MAB biosphere reserves: excluded from coverage (data_formats.md §1.3 step 2).
MAB_RESERVES: tuple[NamedSite, ...] = (
    NamedSite("mab", "설악산 생물권보전지역", "Mt. Sorak Biosphere Reserve", 1982, 393.0, _p(128.43, 38.12)),
    NamedSite("mab", "제주도 생물권보전지역", "Jeju Island Biosphere Reserve", 2002, 831.0, _p(126.55, 33.37), "coastal", 0.3),
    NamedSite("mab", "신안다도해 생물권보전지역", "Shinan Dadohae Biosphere Reserve", 2009, 573.0, _p(125.90, 34.70), "coastal", 0.8),
    NamedSite("mab", "광릉숲 생물권보전지역", "Gwangneung Forest Biosphere Reserve", 2010, 244.0, _p(127.17, 37.75)),
    NamedSite("mab", "고창 생물권보전지역", "Gochang Biosphere Reserve", 2013, 673.0, _p(126.65, 35.45), "coastal", 0.2),
    NamedSite("mab", "순천 생물권보전지역", "Suncheon Biosphere Reserve", 2018, 691.0, _p(127.45, 34.98), "coastal", 0.1),
    NamedSite("mab", "강원생태평화 생물권보전지역", "Gangwon Eco-Peace Biosphere Reserve", 2019, 2400.0, _p(127.95, 38.15)),
    NamedSite("mab", "연천임진강 생물권보전지역", "Yeoncheon Imjingang Biosphere Reserve", 2019, 1180.0, _p(127.05, 38.05)),
)

WORLD_HERITAGE: tuple[NamedSite, ...] = (
    NamedSite("world_heritage", "제주 화산섬과 용암동굴", "Jeju Volcanic Island and Lava Tubes", 2007, 188.0,
              _p(126.54, 33.37, 126.77, 33.53, 126.94, 33.46)),
    NamedSite("world_heritage", "한국의 갯벌", "Getbol, Korean Tidal Flats", 2021, 1284.0,
              _p(126.60, 36.00, 126.52, 35.55, 126.15, 35.00, 127.42, 34.84), "coastal", 0.97),
)

# Named marine protected areas and coastal wetland protected areas (MOF); the Shinan tidal flat
# wetland protected area was enlarged to ~1,100 km² in 2018.
NAMED_MARINE: tuple[NamedSite, ...] = (
    NamedSite("coastal_wetland", "무안갯벌 습지보호지역", "Muan Tidal Flat Wetland Protected Area", 2001, 42.0, _p(126.40, 35.06), "coastal", 0.95),
    NamedSite("coastal_wetland", "순천만 습지보호지역", "Suncheon Bay Wetland Protected Area", 2003, 28.0, _p(127.50, 34.86), "coastal", 0.95),
    NamedSite("coastal_wetland", "보성·벌교 습지보호지역", "Boseong-Beolgyo Wetland Protected Area", 2003, 10.3, _p(127.38, 34.82), "coastal", 0.95),
    NamedSite("coastal_wetland", "고창갯벌 습지보호지역", "Gochang Tidal Flat Wetland Protected Area", 2007, 64.7, _p(126.52, 35.52), "coastal", 0.95),
    NamedSite("coastal_wetland", "서천갯벌 습지보호지역", "Seocheon Tidal Flat Wetland Protected Area", 2008, 68.1, _p(126.60, 36.00), "coastal", 0.95),
    NamedSite("coastal_wetland", "신안갯벌 습지보호지역", "Shinan Tidal Flat Wetland Protected Area", 2018, 1100.0,
              _p(126.10, 34.95, 126.20, 34.75, 125.95, 34.85), "marine", 1.0),
    NamedSite("marine_protected", "가로림만 해양생물보호구역", "Garorim Bay Marine Life Protected Area", 2016, 91.2, _p(126.40, 36.95), "marine", 1.0),
    NamedSite("marine_protected", "문섬 해양생태계보호구역", "Munseom Marine Ecosystem Protected Area", 2002, 19.0, _p(126.56, 33.21), "marine", 1.0),
    NamedSite("marine_protected", "울진 왕돌초 해양보호구역", "Uljin Wangdolcho Marine Protected Area", 2021, 102.0, _p(129.62, 36.72), "marine", 1.0),
    NamedSite("marine_protected", "가거도 해양보호구역", "Gageodo Marine Protected Area", 2021, 60.0, _p(125.12, 34.06), "marine", 1.0),
)

# Key Biodiversity Areas (names of real IBAs/KBAs; centres approximate, areas illustrative).
KEY_BIODIVERSITY_AREAS: tuple[tuple[str, str, float, float, float, str], ...] = (
    ("KOR001", "Han River Estuary", 126.68, 37.70, 120.0, "A1a, A4"),
    ("KOR002", "Cheorwon Basin", 127.30, 38.22, 140.0, "A1a, A4"),
    ("KOR003", "Suncheon Bay", 127.50, 34.86, 60.0, "A1a, A4"),
    ("KOR004", "Saemangeum", 126.55, 35.80, 300.0, "A1a, A4"),
    ("KOR005", "Nakdong Estuary", 128.94, 35.07, 90.0, "A1a, A4"),
    ("KOR006", "Cheonsu Bay", 126.42, 36.60, 150.0, "A4"),
    ("KOR007", "Geum River Estuary", 126.72, 36.02, 80.0, "A1a, A4"),
    ("KOR008", "Jeju Island highlands", 126.55, 33.37, 400.0, "A1b, A2"),
    ("KOR009", "Jirisan", 127.73, 35.33, 450.0, "A1a, B1"),
    ("KOR010", "Upo Wetland and Nakdong floodplain", 128.42, 35.55, 40.0, "A1a"),
)

# Target dissolved coverage (PA + OECM, Designated/Inscribed/Established, MAB excluded) by year,
# as shares of land and of the EEZ (§2.4: 11.22 % land 2015; 17.15 % 2021; 17.3 % 2022;
# 17.45 % 2023; 17.81 % 2024; marine 1.54 % 2015 → ~2 %). Years between anchors interpolate.
LAND_COVERAGE_TARGET: dict[int, float] = {
    1966: 0.0, 1975: 0.025, 1990: 0.05, 2000: 0.075, 2005: 0.095, 2010: 0.105, 2015: 0.1122,
    2018: 0.145, 2021: 0.1715, 2022: 0.173, 2023: 0.1745, 2024: 0.1781, 2025: 0.179,
}
MARINE_COVERAGE_TARGET: dict[int, float] = {
    1967: 0.0, 1981: 0.006, 2001: 0.008, 2010: 0.012, 2015: 0.0154, 2018: 0.018, 2021: 0.0205, 2025: 0.021,
}
