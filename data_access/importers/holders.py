"""People and organisations named in permit and animal-event templates (`holder` rows).

A template row may name a holder by key only (then the holder must already exist) or by key and
name (then the holder is created or updated). Holders are personal data: the access-control layer
masks them; the importer only stores them.
"""

from __future__ import annotations

import pandas as pd

from data_access.importers.pipeline import ImportContext
from data_access.importers.validation import Column
from data_access.importers.writing import Stage
from data_access.models import Holder

HOLDER_KINDS = ("individual", "corporation", "public_body")
HOLDER_KIND_ALIASES = {"개인": "individual", "법인": "corporation", "기업": "corporation", "공공기관": "public_body", "기관": "public_body"}


def holder_columns(prefix: str, ko: str, en: str) -> tuple[Column, ...]:
    """Key, name and kind columns of one holder role (e.g. prefix 'to_', '양수인', 'Recipient')."""
    return (
        Column(f"{prefix}holder_key", f"{ko} ID", f"{en} ID", max_length=40,
               description_ko=f"{ko}의 고유 번호(개인정보: 주민등록번호 금지)", description_en=f"Identifier of the {en.lower()} (no national ID numbers)"),
        Column(f"{prefix}holder_name", f"{ko} 이름", f"{en} name", max_length=200,
               description_ko="처음 나오는 경우 필수", description_en="Required the first time the holder appears"),
        Column(f"{prefix}holder_kind", f"{ko} 구분", f"{en} type", type="code", codes=HOLDER_KINDS, code_aliases=HOLDER_KIND_ALIASES,
               description_ko="개인, 법인, 공공기관", description_en="individual, corporation or public_body"),
    )


def holder_stage(ctx: ImportContext, frame: pd.DataFrame, prefixes: tuple[str, ...]) -> Stage | None:
    """A stage of the holders named with a name in `frame` (one row per naming file row)."""
    parts = []
    for prefix in prefixes:
        key, name, kind = f"{prefix}holder_key", f"{prefix}holder_name", f"{prefix}holder_kind"
        if key not in frame.columns:
            continue
        named = frame[frame[key].notna() & frame[name].notna()]
        parts.append(pd.DataFrame({
            "src_row": named["src_row"], "holder_key": named[key], "name": named[name],
            "kind": named[kind].fillna("individual"),
        }))
    rows = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()
    if rows.empty:
        return None
    stage = ctx.stage(Holder.__table__, columns=["holder_key", "kind", "name"], keys=["holder_key"],
                      consistent_duplicates=True)
    stage.add(rows)
    return stage
