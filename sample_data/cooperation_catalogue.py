"""International cooperation projects and ABS partners for the sample database.

The Ecuador INABIO ODA project's dates, budget and training figures are korea_domain.md §2.9's.
The joint-research projects name real partner institutions in biodiversity-rich countries
(NT19-1), but their titles, years and budgets are sample values.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Project:
    """A cooperation project with its yearly budget in KRW."""

    code: str
    title_ko: str
    title_en: str
    kind: str  # joint_research | oda | capacity_building
    country: str
    institution: str
    funding_agency: str
    starts_on: str
    ends_on: str
    rio_marker: int
    budget_krw: dict[int, float]


ECUADOR_ODA = Project(
    "ODA-EC-2022-01", "에콰도르 국가 유전자원 데이터뱅크 구축 사업 (국립생물자원관 분담)",
    "Establishment of Ecuador's National Genetic Resources Data Bank (NIBR component)", "oda", "EC",
    "Instituto Nacional de Biodiversidad (INABIO)", "KOICA", "2022-12-13", "2028-12-31", 2,
    # KRW 3.4 bn NIBR component over 2022–2028 (§2.9)
    {2022: 0.05e9, 2023: 0.55e9, 2024: 0.60e9, 2025: 0.60e9, 2026: 0.60e9, 2027: 0.55e9, 2028: 0.45e9},
)

# Joint research partners: (country, institution, first year, Korean subject, English subject).
JOINT_RESEARCH_PARTNERS: tuple[tuple[str, str, int, str, str], ...] = (
    ("VN", "Vietnam Academy of Science and Technology - Institute of Ecology and Biological Resources", 2012, "자생생물 공동조사", "joint survey of indigenous biota"),
    ("ID", "National Research and Innovation Agency (BRIN)", 2015, "열대 생물자원 발굴", "discovery of tropical biological resources"),
    ("KH", "Royal University of Phnom Penh", 2014, "메콩 유역 생물다양성 조사", "Mekong basin biodiversity survey"),
    ("LA", "National University of Laos", 2013, "약용식물 자원 조사", "medicinal plant resources"),
    ("MN", "Institute of Biology, Mongolian Academy of Sciences", 2011, "몽골 생물자원 공동연구", "joint research on Mongolian biota"),
    ("MM", "Forest Research Institute, Myanmar", 2016, "미얀마 식물상 조사", "flora of Myanmar"),
    ("PE", "Universidad Nacional Mayor de San Marcos", 2019, "안데스 생물자원 공동연구", "Andean biological resources"),
    ("CR", "Museo Nacional de Costa Rica", 2018, "중미 곤충 다양성 조사", "Central American insect diversity"),
    ("UZ", "Institute of Botany, Academy of Sciences of Uzbekistan", 2017, "중앙아시아 식물자원", "Central Asian plant resources"),
    ("PH", "University of the Philippines Los Baños", 2020, "필리핀 미생물 자원", "Philippine microbial resources"),
    ("MY", "Forest Research Institute Malaysia (FRIM)", 2014, "열대림 균류 조사", "tropical forest fungi"),
    ("CO", "Instituto de Investigación de Recursos Biológicos Alexander von Humboldt", 2021, "콜롬비아 생물다양성 정보 연계", "Colombian biodiversity data exchange"),
    ("KG", "Institute of Biology, National Academy of Sciences of the Kyrgyz Republic", 2019, "천산산맥 생물상", "Tien Shan biota"),
    ("TH", "Kasetsart University", 2016, "담수 생물 공동조사", "freshwater biota"),
)

# ABS counterpart countries: providers of genetic resources used in Korea (compliance reports)
# and countries of foreign users accessing Korean resources (access reports).
ABS_PROVIDER_COUNTRIES: dict[str, float] = {
    "VN": 0.18, "ID": 0.12, "PH": 0.08, "MY": 0.07, "LA": 0.06, "KH": 0.06, "MN": 0.06, "PE": 0.06, "BR": 0.04,
    "ZA": 0.04, "KE": 0.04, "IN": 0.05, "CN": 0.06, "EC": 0.04, "CR": 0.04,
}
ABS_USER_COUNTRIES: dict[str, float] = {
    "CN": 0.22, "US": 0.18, "JP": 0.18, "DE": 0.08, "FR": 0.06, "GB": 0.05, "VN": 0.06, "IN": 0.05, "NL": 0.04,
    "CH": 0.04, "AU": 0.04,
}
ABS_USERS_KO: tuple[str, ...] = (
    "국립생물자원관", "한국생명공학연구원", "한국해양과학기술원", "서울대학교", "고려대학교", "충남대학교",
    "(주)한빛바이오", "(주)그린코스메틱", "(주)네이처제약", "(주)에코진",
)
ABS_RESOURCES: tuple[str, ...] = (
    "약용식물 추출물", "토양 미생물 균주", "해양 미생물 균주", "식물 종자", "곤충 표본 조직", "해조류 시료",
    "버섯 균사체", "전통 발효균", "어류 조직 DNA", "식물 잎 조직",
)
