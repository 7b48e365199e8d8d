"""Matching names in imported files to the national species list (the `taxon` table).

A name matches when its full form (name + authorship) or its canonical form (genus and epithets,
no authorship) is on the list; a synonym resolves to its accepted taxon. A canonical form shared
by two different accepted taxa is ambiguous and left unmatched rather than guessed. Matching works
on the distinct names of a chunk, so a million records with a few hundred names cost a few hundred
dictionary look-ups.
"""

from __future__ import annotations

import re

import pandas as pd
from sqlalchemy import Connection, select

from data_access.models import Taxon

RANK_MARKERS = {"subsp.", "ssp.", "var.", "f.", "forma", "subvar.", "cv.", "nothosubsp.", "×", "x"}


def canonical_name(name: str) -> str:
    """Genus + epithets in lower case, without authorship: 'Pan troglodytes (Blumenbach, 1775)'."""
    tokens = re.sub(r"[_\s]+", " ", name.strip()).split(" ")
    if not tokens or not tokens[0]:
        return ""
    kept = [tokens[0]]
    for token in tokens[1:]:
        if token.lower() in RANK_MARKERS:
            kept.append(token.lower())
            continue
        if not token or not token[0].islower() or not re.match(r"^[a-z\-ë]+$", token):
            break
        kept.append(token)
    return " ".join(kept).casefold()


def full_name(name: str, authorship: str | None = None) -> str:
    return re.sub(r"\s+", " ", f"{name} {authorship or ''}").strip().casefold()


class TaxonMatcher:
    """The species list in memory: KTSN, full and canonical names → (accepted id, taxon group)."""

    def __init__(self, conn: Connection) -> None:
        rows = conn.execute(
            select(
                Taxon.id, Taxon.ktsn, Taxon.scientific_name, Taxon.authorship, Taxon.korean_name,
                Taxon.name_status, Taxon.accepted_taxon_id, Taxon.taxon_group,
            )
        ).all()
        group = {r.id: r.taxon_group for r in rows}
        self.by_ktsn: dict[str, int] = {}
        self.by_full: dict[str, int] = {}
        canonical: dict[str, set[int]] = {}
        for r in rows:
            accepted = r.accepted_taxon_id if r.name_status == "synonym" and r.accepted_taxon_id else r.id
            if r.ktsn:
                self.by_ktsn[r.ktsn] = accepted
            self.by_full[full_name(r.scientific_name, r.authorship)] = accepted
            self.by_full.setdefault(full_name(r.scientific_name), accepted)
            if r.korean_name:
                self.by_full.setdefault(r.korean_name.strip().casefold(), accepted)
            canonical.setdefault(canonical_name(r.scientific_name), set()).add(accepted)
        self.by_canonical = {name: next(iter(ids)) for name, ids in canonical.items() if len(ids) == 1 and name}
        self.group = group

    @property
    def empty(self) -> bool:
        return not self.by_full

    def match_one(self, name: str | None) -> int | None:
        if not name:
            return None
        key = full_name(name)
        found = self.by_full.get(key)
        if found is None:
            found = self.by_canonical.get(canonical_name(name))
        return found

    def match(self, *candidates: pd.Series) -> pd.Series:
        """Accepted taxon ids (or None) for the first candidate column that matches, row by row."""
        result = pd.Series([None] * len(candidates[0]), index=candidates[0].index, dtype=object)
        for names in candidates:
            missing = result.isna()
            if not missing.any():
                break
            pending = names[missing]
            uniques = pd.unique(pending.dropna())
            mapping = {u: self.match_one(u) for u in uniques}
            result[missing] = pending.map(mapping)
        return result.astype(object).where(result.notna(), None)

    def groups(self, ids: pd.Series) -> pd.Series:
        return ids.map(lambda i: None if i is None else self.group.get(int(i))).astype(object)
