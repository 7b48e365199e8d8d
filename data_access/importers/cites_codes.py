"""CITES code lists the trade importers check against (shared/methods/data_formats.md §2.3).

Purpose and source codes are closed lists: an unknown one is an error. Terms and units grow with
each annual-report guideline, so an unknown word is kept as written and reported as a warning.
Words of the web export (`trophies`, `kg`, `Number of specimens`) are mapped to their 3-letter
codes so a record keys the same whichever export style delivered it.
"""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING

REFERENCE_DIR = Path(__file__).resolve().parents[2] / "sample_data" / "reference"

if TYPE_CHECKING:
    import pandas as pd

    from data_access.importers.pipeline import ImportContext
    from data_access.importers.validation import Resolved

PURPOSES = MappingProxyType(
    {
        "T": "Commercial",
        "Z": "Zoo",
        "G": "Botanical garden",
        "Q": "Circus or travelling exhibition",
        "S": "Scientific",
        "H": "Hunting trophy",
        "P": "Personal",
        "M": "Medical (including biomedical research)",
        "E": "Educational",
        "N": "Reintroduction or introduction into the wild",
        "B": "Breeding in captivity or artificial propagation",
        "L": "Law enforcement / judicial / forensic",
    }
)

SOURCES = MappingProxyType(
    {
        "W": "Taken from the wild",
        "R": "Ranched",
        "D": "Appendix-I captive-bred / artificially propagated for commercial purposes",
        "A": "Artificially propagated plants",
        "C": "Bred in captivity (Res. Conf. 10.16)",
        "F": "Born in captivity (F1+), not 'bred in captivity'",
        "U": "Unknown (must be justified)",
        "I": "Confiscated or seized",
        "O": "Pre-Convention",
        "X": "Taken in the marine environment not under any State's jurisdiction",
        "Y": "Assisted production (plants; CoP18, 2019)",
    }
)

APPENDICES = ("I", "II", "III", "N")

# 3-letter term codes with their English words (guide v8 Annex 1 plus later additions).
TERMS = MappingProxyType(
    {
        "BAL": "baleen", "BAR": "bark", "BEL": "belts", "BOC": "bone carvings", "BOD": "bodies",
        "BON": "bones", "BOP": "bone pieces", "BPR": "bone products", "BUL": "bulbs", "CAL": "calipee",
        "CAP": "carapaces", "CAR": "carvings", "CAV": "caviar", "CHP": "chips", "CLA": "claws",
        "CLO": "cloth", "COR": "raw corals", "COS": "coral sand", "CST": "chess sets", "CUL": "cultures",
        "DER": "derivatives", "DPL": "dried plants", "EAR": "ears", "EGG": "eggs", "EGL": "live eggs",
        "EXT": "extract", "FEA": "feathers", "FIB": "fibres", "FIG": "fingerlings", "FIN": "fins",
        "FLO": "flowers", "FOO": "feet", "FPT": "flower pots", "FRA": "spectacle frames",
        "FRN": "furniture", "FRU": "fruit", "GAB": "gall bladders", "GAL": "gall", "GAR": "garments",
        "GEN": "genitalia", "GRS": "graft rootstocks", "HAI": "hair", "HAN": "handbags",
        "HAP": "hair products", "HEA": "heads", "HOC": "horn carvings", "HOP": "horn pieces",
        "HOR": "horns", "HOS": "horn scraps", "HPR": "horn products", "IVC": "ivory carvings",
        "IVP": "ivory pieces", "IVS": "ivory scraps", "LEA": "leather", "LEG": "frog legs", "LIV": "live",
        "LPL": "large leather products", "LPS": "small leather products", "LVS": "leaves", "LOG": "logs",
        "MEA": "meat", "MED": "medicine", "MUS": "musk", "OIL": "oil", "OTH": "other", "PEA": "pearls",
        "PIE": "pieces", "PKY": "piano keys", "PLA": "plates", "PLY": "plywood", "POW": "powder",
        "QUI": "quills", "ROO": "roots", "SAW": "sawn wood", "SCA": "scales", "SCR": "scraps",
        "SEE": "seeds", "SHE": "shells", "SHO": "shoes", "SID": "sides", "SKE": "skeletons",
        "SKI": "skins", "SKO": "leather items", "SKP": "skin pieces", "SKS": "skin scraps",
        "SKU": "skulls", "SOU": "soup", "SPE": "scientific specimens", "STE": "stems",
        "SWI": "swim bladders", "TAI": "tails", "TEE": "teeth", "TIC": "timber carvings", "TIM": "timber",
        "TIP": "timber pieces", "TIS": "tissue cultures", "TRO": "trophies", "TUS": "tusks",
        "UNS": "unspecified", "VEN": "veneer", "VNM": "venom", "WAL": "wallets", "WAT": "watchstraps",
        "WAX": "wax", "WHO": "whole", "WOO": "wood products",
    }
)

UNITS = MappingProxyType(
    {
        "KIL": "kg", "GRM": "g", "MGM": "mg", "MYG": "µg", "TON": "t", "LTR": "l", "MLT": "ml",
        "CCM": "cm3", "CUM": "m3", "CUF": "ft3", "MTR": "m", "CTM": "cm", "FEE": "ft", "INC": "inches",
        "YAR": "yd", "SQM": "m2", "SQD": "dm2", "SQC": "cm2", "SQF": "ft2", "PND": "lb", "OUN": "oz",
        "PCS": "pieces", "ITE": "items", "PAI": "pairs", "SET": "sets", "SHP": "shipments", "BOX": "boxes",
        "BAG": "bags", "BOT": "bottles", "CAN": "cans", "CAS": "cases", "CRT": "cartons", "FLA": "flasks",
        "BAK": "back skins", "BSK": "belly skins", "HRN": "hornback skins", "SID": "sides", "SKI": "skins",
    }
)

# Unit words that mean "a count of specimens", stored as NULL like a blank unit.
COUNT_UNITS = frozenset({"", "number of specimens", "number", "no", "specimens", "nos"})


def _seed_words(file_name: str, code_column: str, word_column: str) -> dict[str, str]:
    path = REFERENCE_DIR / file_name
    if not path.exists():
        return {}
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return {row[word_column].strip().casefold(): row[code_column].strip() for row in csv.DictReader(handle)}


@cache
def term_words() -> dict[str, str]:
    """Lower-case English word → term code (our table, then the SAPI seed list's spellings)."""
    words = _seed_words("sapi_term_codes_utf8.csv", "Term_code", "English_Term_Name")
    words.update({word.casefold(): code for code, word in TERMS.items()})
    words.update({"specimens": "SPE", "legs": "LEG", "eggs (live)": "EGL", "items of furniture": "FRN",
                  "leather products (large)": "LPL", "leather products (small)": "LPS",
                  "sets of piano keys": "PKY", "pairs of shoes": "SHO"})
    return words


@cache
def unit_words() -> dict[str, str]:
    words = _seed_words("sapi_unit_codes_utf8.csv", "Unit_code", "English_Unit_Name")
    words.update({word.casefold(): code for code, word in UNITS.items()})
    words.update({"cu.cm": "CCM", "cm³": "CCM", "m³": "CUM", "cu.m": "CUM", "kilograms": "KIL", "grams": "GRM",
                  "litres": "LTR", "liters": "LTR", "metres": "MTR", "meters": "MTR", "microgrammes": "MYG",
                  "milligrammes": "MGM", "(skins)": "SKI"})
    return words


def term_code(value: str) -> tuple[str, bool]:
    """(code or the word as given, known?) for a term written as a code or as an English word."""
    text = value.strip()
    if text.upper() in TERMS:
        return text.upper(), True
    code = term_words().get(text.casefold())
    return (code, True) if code else (text, False)


def unit_code(value: str) -> tuple[str | None, bool]:
    """(code, known?) for a unit; blank and 'Number of specimens' are a count (None)."""
    text = value.strip()
    if text.casefold() in COUNT_UNITS:
        return None, True
    if text.upper() in UNITS:
        return text.upper(), True
    code = unit_words().get(text.casefold())
    return (code, True) if code else (text, False)


def convert_terms_and_units(ctx: ImportContext, frame: pd.DataFrame, resolved: Resolved, *,
                            term_optional: bool = False) -> None:
    """The frame's `term` and `unit` columns as CITES codes, in place: unknown ones are warnings,
    anything longer than a code an error. With `term_optional`, an empty term stays empty and
    unwarned (trade cases); otherwise it is checked like any other (permit lines)."""
    terms, units = [], []
    for row, term, unit in zip(frame["src_row"], frame["term"], frame["unit"], strict=True):
        code: str | None = None
        if term is not None or not term_optional:
            code, known = term_code(term or "")
            if not known:
                ctx.log.warning("importers.warning.unknown_term", row=row, field=resolved.label("term"), value=term, count=1)
            if len(code) > 10:
                ctx.log.error("importers.error.too_long", row=row, field=resolved.label("term"), value=term, max_length=10)
        unit_value, unit_known = unit_code(unit or "")
        if not unit_known:
            ctx.log.warning("importers.warning.unknown_unit", row=row, field=resolved.label("unit"), value=unit, count=1)
        if unit_value and len(unit_value) > 10:
            ctx.log.error("importers.error.too_long", row=row, field=resolved.label("unit"), value=unit, max_length=10)
        terms.append(code)
        units.append(unit_value)
    frame["term"] = terms
    frame["unit"] = units
