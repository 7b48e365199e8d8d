"""CITES units, sources and term words: one commented table each, for comparable trade quantities.

The CITES Trade Database guide (UNEP-WCMC, *A guide to using the CITES Trade Database*, v9 2022,
§"Units") and the annual-report guidelines (CITES Notification 2021/044, Annex) fix the units:
a blank unit is a *number of specimens*; mass, volume, length, area and container units are
reported as such. Converting them is a modelling choice (shared/methods/data_formats.md §2.3), so
we make exactly one, and say so in the metadata:

- every mass unit becomes kilograms (500 g + 2 kg = 2.5 kg);
- every volume unit becomes litres (1 m³ = 1,000 l);
- a blank unit (or the web export's word "Number of specimens") stays a count, "number";
- every other unit (pieces, pairs, sets, metres, m², boxes, skins, …) is kept as its own unit,
  because there is no defensible factor between, say, "pieces" and "specimens".

Quantities in different normalised units are never added together.

>>> normalise_unit("GRM"), normalise_unit("kg"), normalise_unit(None)
(('kg', 0.001), ('kg', 1.0), ('number', 1.0))
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

NUMBER = "number"  # count of specimens (blank unit)
KILOGRAM = "kg"
LITRE = "l"

# code or export word (casefolded) → (normalised unit, factor to multiply the quantity by)
UNIT_CONVERSIONS: dict[str, tuple[str, float]] = {
    # --- count of specimens: blank unit in codes, a phrase in the web export
    "": (NUMBER, 1.0),
    "number of specimens": (NUMBER, 1.0),
    "number": (NUMBER, 1.0),
    "no": (NUMBER, 1.0),
    # --- mass → kg
    "kil": (KILOGRAM, 1.0),  # kilogram
    "kg": (KILOGRAM, 1.0),
    "grm": (KILOGRAM, 1e-3),  # gram
    "g": (KILOGRAM, 1e-3),
    "mgm": (KILOGRAM, 1e-6),  # milligram
    "mg": (KILOGRAM, 1e-6),
    "myg": (KILOGRAM, 1e-9),  # microgram
    "µg": (KILOGRAM, 1e-9),
    "ug": (KILOGRAM, 1e-9),
    "ton": (KILOGRAM, 1000.0),  # metric tonne
    "t": (KILOGRAM, 1000.0),
    "tonnes": (KILOGRAM, 1000.0),
    "pnd": (KILOGRAM, 0.45359237),  # pound (avoirdupois, exact by definition)
    "lb": (KILOGRAM, 0.45359237),
    "oun": (KILOGRAM, 0.028349523125),  # ounce (avoirdupois)
    "oz": (KILOGRAM, 0.028349523125),
    # --- volume → litres
    "ltr": (LITRE, 1.0),  # litre
    "l": (LITRE, 1.0),
    "mlt": (LITRE, 1e-3),  # millilitre
    "ml": (LITRE, 1e-3),
    "ccm": (LITRE, 1e-3),  # cubic centimetre
    "cm3": (LITRE, 1e-3),
    "cum": (LITRE, 1000.0),  # cubic metre
    "m3": (LITRE, 1000.0),
    "cuf": (LITRE, 28.316846592),  # cubic foot
    "ft3": (LITRE, 28.316846592),
}

# CITES source codes (data_formats.md §2.3) → counted as taken from the wild?
# W is "wild"; R (ranched: eggs/juveniles collected in the wild) and X (taken in the marine
# environment beyond national jurisdiction) are wild-derived and may be added by option.
SOURCE_CODES: dict[str, str] = {
    "W": "taken from the wild",
    "R": "ranched (wild eggs or juveniles reared in captivity)",
    "D": "App. I captive-bred / artificially propagated, registered operations",
    "A": "plants artificially propagated",
    "C": "animals bred in captivity",
    "F": "born in captivity (F1+), not 'bred in captivity'",
    "U": "source unknown",
    "I": "confiscated or seized",
    "O": "pre-Convention",
    "X": "taken in the marine environment not under any State's jurisdiction",
    "Y": "assisted production (plants)",
}
DEFAULT_WILD_SOURCES: tuple[str, ...] = ("W",)
WILD_DERIVED_SOURCES: tuple[str, ...] = ("W", "R", "X")


def normalise_unit(unit: object) -> tuple[str, float]:
    """(normalised unit, factor) for a unit code or word; unknown units are kept as their own unit.

    >>> normalise_unit("PCS")
    ('PCS', 1.0)
    """
    if unit is None or (isinstance(unit, float) and math.isnan(unit)):
        return UNIT_CONVERSIONS[""]
    text = str(unit).strip()
    found = UNIT_CONVERSIONS.get(text.casefold())
    if found is not None:
        return found
    return text.upper() if len(text) == 3 else text, 1.0


def normalise_quantities(frame: pd.DataFrame, *, quantity: str | list[str], unit: str = "unit") -> pd.DataFrame:
    """A copy with `unit` replaced by the normalised unit and `quantity` column(s) converted."""
    columns = [quantity] if isinstance(quantity, str) else list(quantity)
    # Each distinct unit is looked up once (a national frame has ~10⁴ rows but a handful of units).
    codes, distinct = pd.factorize(frame[unit], use_na_sentinel=False)
    pairs = [normalise_unit(u) for u in distinct]
    out = frame.copy()
    out[unit] = np.asarray([p[0] for p in pairs], dtype=object)[codes]
    factors = np.asarray([p[1] for p in pairs], dtype=float)[codes]
    for column in columns:
        out[column] = pd.to_numeric(out[column], errors="coerce") * factors
    return out


def parse_sources(text: str | tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """'W,R' → ('W', 'R'); unknown codes raise ValueError."""
    codes = [c.strip().upper() for c in (text.split(",") if isinstance(text, str) else text) if c.strip()]
    unknown = [c for c in codes if c not in SOURCE_CODES]
    if unknown or not codes:
        raise ValueError(f"unknown CITES source code(s) {unknown}; known: {', '.join(SOURCE_CODES)}")
    return tuple(dict.fromkeys(codes))
