"""IUCN Red List categories and the weights the Red List Index gives them.

One table holds every category the Red List Index accepts, so the weights, the codes that are left
out of the index and the labels users type (Korean or English, any case or spacing) cannot drift
apart. Anything else is an error that names the unknown codes: a category we cannot weigh must
never become a silent 0 or a silently dropped species.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType
from typing import NamedTuple

import numpy as np
import pandas as pd

from indicators.result import InputContractError


class Category(NamedTuple):
    """One Red List category: its RLI weight (None = left out of the index) and its labels."""

    weight: int | None
    english: str
    korean: str


# Weights of Butchart et al. (2007) as the IUCN and BirdLife code uses them. `None` marks the
# categories that are not part of the index: they are excluded (or, for DD, imputed).
CATEGORIES: Mapping[str, Category] = MappingProxyType(
    {
        "LC": Category(0, "Least Concern", "최소관심"),
        "NT": Category(1, "Near Threatened", "준위협"),
        "VU": Category(2, "Vulnerable", "취약"),
        "EN": Category(3, "Endangered", "위기"),
        "CR": Category(4, "Critically Endangered", "위급"),
        # Possibly Extinct (in the Wild) tags count as extinct (Butchart et al. 2007). red::rli
        # weighs CR(PE) 4 and drops CR(PEW); the IUCN-UK package and BirdLife use 5.
        "CR(PE)": Category(5, "Critically Endangered (Possibly Extinct)", "위급(절멸 가능성)"),
        "CR(PEW)": Category(
            5, "Critically Endangered (Possibly Extinct in the Wild)", "위급(야생절멸 가능성)"
        ),
        "EW": Category(5, "Extinct in the Wild", "야생절멸"),
        "EX": Category(5, "Extinct", "절멸"),
        # Regionally Extinct: national and regional lists only (IUCN 2012 regional guidelines).
        "RE": Category(5, "Regionally Extinct", "지역절멸"),
        # Data Deficient: excluded from the simple index, imputed in the IUCN/BirdLife global one.
        "DD": Category(None, "Data Deficient", "정보부족"),
        "NE": Category(None, "Not Evaluated", "미평가"),
        # Not Applicable (national lists: vagrants, introduced species): never in the index.
        "NA": Category(None, "Not Applicable", "미적용"),
    }
)

EXTINCT_WEIGHT: int = 5
DATA_DEFICIENT: str = "DD"
NOT_ASSESSED: frozenset[str] = frozenset({"NE", "NA"})


def _lookup_key(label: str) -> str:
    """Case, spacing, hyphens and bracket style do not matter: 'cr (pe)' == 'CR(PE)'."""
    text = label.strip().upper().replace("（", "(").replace("）", ")")
    return re.sub(r"[\s_\-]+", "", text)


def _build_aliases() -> dict[str, str]:
    aliases: dict[str, str] = {}
    for code, category in CATEGORIES.items():
        for label in (code, category.english, category.korean):
            aliases[_lookup_key(label)] = code
    # Common spellings of the Possibly Extinct tags.
    aliases.update({_lookup_key(s): "CR(PE)" for s in ("CR PE", "CR-PE", "CR(Possibly Extinct)")})
    aliases.update({_lookup_key(s): "CR(PEW)" for s in ("CR PEW", "CR-PEW")})
    return aliases


ALIASES: Mapping[str, str] = MappingProxyType(_build_aliases())


def normalise_code(label: object) -> str | None:
    """The canonical code of one label, or None when it is not a Red List category."""
    if not isinstance(label, str):
        return None
    return ALIASES.get(_lookup_key(label))


def _row_list(index: pd.Index, limit: int = 5) -> str:
    shown = ", ".join(map(str, index[:limit]))
    more = len(index) - limit
    return f"{shown} (and {more} more)" if more > 0 else shown


CODES: tuple[str, ...] = tuple(CATEGORIES)
_CODE_POSITION: Mapping[str, int] = MappingProxyType({code: i for i, code in enumerate(CODES)})


def category_positions(
    values: pd.Series, *, column: str = "category", frame_name: str = "input"
) -> np.ndarray:
    """Position in `CODES` of each label; raises naming every unknown label and its rows.

    Works on the distinct labels only, so a frame of millions of rows costs a few dictionary look-ups.
    """
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    positions = np.array(
        [_CODE_POSITION.get(normalise_code(u) or "", -1) for u in uniques] + [-1], dtype=np.int64
    )
    result = positions[codes]
    bad = result < 0
    if bad.any():
        _raise_unknown(values, bad, column=column, frame_name=frame_name)
    return result


def normalise_categories(
    values: pd.Series, *, column: str = "category", frame_name: str = "input"
) -> pd.Series:
    """Canonical codes for a column of labels; raises naming every unknown label and its rows.

    >>> normalise_categories(pd.Series(["lc", "cr (pe)", "위급"])).tolist()
    ['LC', 'CR(PE)', 'CR']
    """
    positions = category_positions(values, column=column, frame_name=frame_name)
    return pd.Series(
        np.array(CODES, dtype=object)[positions], index=values.index, name=values.name, dtype=object
    )


def _raise_unknown(values: pd.Series, bad: np.ndarray, *, column: str, frame_name: str) -> None:
    offending = values[bad]
    labels = offending.map(lambda v: "<missing>" if pd.isna(v) else repr(v))
    problems = [
        f"{label} in rows {_row_list(pd.Index(rows))}"
        for label, rows in labels.groupby(labels).groups.items()
    ]
    hint = ""
    if offending.isna().any():
        hint = (
            " Missing categories are not allowed; if the file used 'NA' (Not Applicable), read it with "
            "keep_default_na=False so it is not taken for a missing value."
        )
    known = ", ".join(CATEGORIES)
    raise InputContractError(
        f"input '{frame_name}': column '{column}' has values that are not IUCN Red List categories: "
        f"{'; '.join(problems)}. Known codes: {known} (Korean labels such as 위급, 정보부족 are accepted).{hint}"
    )
