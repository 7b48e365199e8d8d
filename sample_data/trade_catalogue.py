"""CITES trade profile of Korea for the sample permits, trade records and seizures.

Yearly permit counts and seizure counts are korea_domain.md §2.6's; the commodity mix follows the
Han River office profile quoted there (~70 % crocodile/snake/lizard leather products, ~20 %
orchids, live pets and ornamentals otherwise). Partners, quantities and codes are plausible sample
values; codes are the CITES purpose/source/term codes of data_formats.md §2.3.
"""

from __future__ import annotations

from dataclasses import dataclass

# Import/export permits issued per year (2022–2024 from §2.6; earlier years grow ~5 %/yr back to
# 2015 with a 2020 dip; 2025 is a projection). The sample scale divides by PERMIT_SAMPLE_DIVISOR.
PERMITS_ISSUED: dict[int, int] = {
    2015: 5200, 2016: 5450, 2017: 5800, 2018: 6200, 2019: 6550, 2020: 6100, 2021: 6800,
    2022: 7280, 2023: 7472, 2024: 11535, 2025: 12100,
}
PERMIT_SAMPLE_DIVISOR = 20

# Wildlife smuggling cases detected by the Korea Customs Service (§2.6), absolute at every scale.
SEIZURES_PER_YEAR: dict[int, int] = {2021: 7, 2022: 35, 2023: 45, 2024: 31}

# Issuing offices (authority codes) and their share of permits; Han River handled >90 % before
# WIMS centralised applications in Dec 2023.
ISSUING_OFFICES: dict[str, float] = {
    "HAN": 0.70, "NAKDONG": 0.08, "GEUM": 0.06, "YEONGSAN": 0.05, "WONJU": 0.04, "DAEGU": 0.04, "JEONBUK": 0.03,
}

# Permit types (share of permits) with the code used in permit numbers and validity in months
# (CITES Res. Conf. 12.3: export/re-export ≤ 6 months, import ≤ 12 months).
PERMIT_TYPES: dict[str, tuple[float, str, int]] = {
    "import": (0.64, "IM", 12),
    "re_export": (0.17, "RE", 6),
    "export": (0.09, "EX", 6),
    "propagation_certificate": (0.05, "PC", 12),
    "take_out": (0.02, "TO", 6),
    "bring_in": (0.02, "BI", 12),
    "change_of_use": (0.01, "CU", 12),
}


@dataclass(frozen=True)
class Commodity:
    """A kind of trade: which taxa, terms, units, quantities, codes and partners it involves."""

    key: str
    share: float  # share of permits whose main commodity this is
    taxa: tuple[str, ...]  # scientific names (taxon_catalogue.CITES_FOREIGN or REAL_SPECIES)
    terms: dict[str, float]  # CITES term code → weight
    unit_by_term: dict[str, str]  # unit code for terms not counted in specimens
    median_quantity: float
    purposes: dict[str, float]
    sources: dict[str, float]
    partners: dict[str, float]  # exporting (for imports) or importing (for exports) country
    origins: dict[str, float]  # country of origin when it differs from the partner
    mean_lines: float  # average number of lines on a permit of this commodity
    live: bool = False  # live animals that enter the domestic life cycle
    description_ko: str = ""


COMMODITIES: tuple[Commodity, ...] = (
    Commodity("reptile_leather", 0.47,
              ("Alligator mississippiensis", "Crocodylus niloticus", "Crocodylus porosus", "Caiman crocodilus",
               "Malayopython reticulatus", "Python bivittatus", "Varanus salvator", "Varanus niloticus", "Salvator merianae"),
              {"LPS": 0.62, "SKI": 0.10, "LPL": 0.10, "HAN": 0.08, "SHO": 0.04, "WAT": 0.06}, {},
              20, {"T": 0.97, "P": 0.03}, {"W": 0.45, "C": 0.35, "R": 0.12, "D": 0.08},
              {"IT": 0.34, "FR": 0.26, "SG": 0.08, "CH": 0.06, "ES": 0.05, "DE": 0.04, "US": 0.05, "JP": 0.04, "CN": 0.05, "TH": 0.03},
              {"US": 0.25, "ZW": 0.12, "ZA": 0.08, "NA": 0.03, "AU": 0.10, "CO": 0.10, "ID": 0.14, "MY": 0.10, "AR": 0.08},
              6.4, description_ko="파충류 가죽제품"),
    Commodity("orchids", 0.27,
              ("Phalaenopsis amabilis", "Dendrobium nobile", "Cymbidium sinense", "Paphiopedilum insigne", "Vanda coerulea",
               "Oncidium sphacelatum", "Gastrodia elata"),
              {"LIV": 0.76, "DPL": 0.19, "FLO": 0.05}, {"DPL": "KIL"},
              600, {"T": 0.98, "S": 0.02}, {"A": 0.86, "D": 0.04, "W": 0.10},
              {"TW": 0.42, "TH": 0.15, "CN": 0.20, "JP": 0.08, "NL": 0.07, "VN": 0.05, "US": 0.03}, {},
              3.4, description_ko="난초류"),
    Commodity("live_parrots", 0.03,
              ("Psittacus erithacus", "Ara ararauna", "Ara chloropterus", "Cacatua goffiniana", "Cacatua alba",
               "Eclectus roratus", "Amazona aestiva", "Agapornis fischeri"),
              {"LIV": 1.0}, {}, 6, {"T": 0.8, "B": 0.1, "Z": 0.05, "P": 0.05}, {"C": 0.9, "F": 0.06, "W": 0.04},
              {"ZA": 0.30, "PH": 0.10, "NL": 0.15, "BE": 0.10, "TW": 0.10, "US": 0.10, "CZ": 0.10, "ES": 0.05}, {},
              1.8, live=True, description_ko="앵무류(생체)"),
    Commodity("live_tortoises", 0.025,
              ("Centrochelys sulcata", "Chelonoidis carbonarius", "Testudo hermanni", "Testudo horsfieldii",
               "Stigmochelys pardalis", "Astrochelys radiata", "Geochelone elegans"),
              {"LIV": 1.0}, {}, 15, {"T": 0.9, "B": 0.05, "Z": 0.05}, {"C": 0.6, "F": 0.15, "R": 0.1, "W": 0.15},
              {"US": 0.25, "NL": 0.10, "JP": 0.15, "TH": 0.10, "ID": 0.10, "GH": 0.10, "TG": 0.10, "UZ": 0.10}, {},
              1.6, live=True, description_ko="육지거북(생체)"),
    Commodity("live_reptiles", 0.025,
              ("Python regius", "Morelia viridis", "Boa constrictor imperator", "Chamaeleo calyptratus",
               "Varanus exanthematicus", "Iguana iguana"),
              {"LIV": 1.0}, {}, 12, {"T": 0.92, "Z": 0.04, "B": 0.04}, {"C": 0.6, "R": 0.15, "W": 0.15, "F": 0.10},
              {"US": 0.30, "TG": 0.10, "GH": 0.10, "ID": 0.15, "NL": 0.10, "DE": 0.10, "VN": 0.05, "TH": 0.10}, {},
              1.7, live=True, description_ko="파충류(생체)"),
    Commodity("arowana", 0.01, ("Scleropages formosus",), {"LIV": 1.0}, {}, 8, {"T": 1.0}, {"D": 0.8, "C": 0.2},
              {"MY": 0.45, "ID": 0.45, "SG": 0.10}, {}, 1.2, live=True, description_ko="아로와나(생체)"),
    Commodity("primates", 0.004, ("Saimiri sciureus", "Callithrix jacchus"), {"LIV": 1.0}, {}, 4,
              {"Z": 0.7, "S": 0.2, "B": 0.1}, {"C": 0.9, "F": 0.1}, {"NL": 0.3, "DE": 0.2, "JP": 0.3, "CN": 0.2}, {},
              1.1, live=True, description_ko="영장류(생체)"),
    Commodity("corals", 0.015, ("Acropora millepora", "Euphyllia ancora", "Heliofungia actiniformis", "Tubipora musica"),
              {"LIV": 0.7, "COR": 0.3}, {"COR": "KIL"}, 40, {"T": 1.0}, {"W": 0.7, "F": 0.3},
              {"ID": 0.6, "AU": 0.15, "VN": 0.10, "FJ": 0.05, "SB": 0.10}, {}, 3.5, description_ko="산호"),
    Commodity("trophies", 0.006, ("Panthera leo", "Loxodonta africana", "Equus zebra hartmannae", "Giraffa camelopardalis", "Ursus arctos"),
              {"TRO": 0.8, "SKI": 0.1, "SKU": 0.1}, {}, 1, {"H": 0.9, "P": 0.1}, {"W": 1.0},
              {"NA": 0.35, "ZA": 0.35, "ZW": 0.10, "TZ": 0.10, "CA": 0.10}, {}, 1.5, description_ko="수렵기념물"),
    Commodity("caviar", 0.007, ("Acipenser baerii", "Acipenser gueldenstaedtii", "Acipenser schrenckii"),
              {"CAV": 1.0}, {"CAV": "KIL"}, 5, {"T": 1.0}, {"C": 1.0}, {"CN": 0.5, "IT": 0.2, "DE": 0.1, "FR": 0.1, "UY": 0.1}, {},
              1.5, description_ko="캐비아"),
    Commodity("medicinal", 0.012, ("Aquilaria malaccensis", "Panax quinquefolius", "Saussurea costus", "Gastrodia elata"),
              {"CHP": 0.4, "ROO": 0.35, "EXT": 0.1, "MED": 0.15}, {"CHP": "KIL", "ROO": "KIL", "EXT": "KIL"}, 50,
              {"T": 0.95, "M": 0.05}, {"W": 0.5, "A": 0.5}, {"ID": 0.3, "MY": 0.15, "US": 0.25, "CA": 0.15, "VN": 0.1, "IN": 0.05}, {},
              1.6, description_ko="약용·침향"),
    Commodity("scientific", 0.012, ("Panax ginseng", "Lutra lutra", "Grus japonensis", "Naemorhedus caudatus", "Falco peregrinus"),
              {"SPE": 1.0}, {}, 10, {"S": 1.0}, {"W": 0.8, "C": 0.2}, {"US": 0.25, "JP": 0.25, "DE": 0.15, "GB": 0.15, "CN": 0.2}, {},
              2.0, description_ko="학술 표본"),
)

# Countries Korea re-exports leather products to.
RE_EXPORT_PARTNERS: dict[str, float] = {"CN": 0.35, "JP": 0.25, "HK": 0.15, "US": 0.10, "TW": 0.10, "VN": 0.05}

# Yearly average exchange rates (approximate; KRW per unit) stored with every money amount.
KRW_PER_USD: dict[int, float] = {
    2015: 1131.5, 2016: 1160.5, 2017: 1130.8, 2018: 1100.3, 2019: 1165.7, 2020: 1180.1, 2021: 1144.4,
    2022: 1291.9, 2023: 1305.4, 2024: 1364.0, 2025: 1415.0, 2026: 1420.0, 2027: 1420.0, 2028: 1420.0,
}
KRW_PER_EUR: dict[int, float] = {
    2015: 1256.5, 2016: 1284.4, 2017: 1276.4, 2018: 1299.1, 2019: 1305.3, 2020: 1345.6, 2021: 1353.7,
    2022: 1358.1, 2023: 1412.3, 2024: 1475.4, 2025: 1585.0, 2026: 1590.0, 2027: 1590.0, 2028: 1590.0,
}
