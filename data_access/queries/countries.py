"""Country names by code, for tables and legends that would otherwise show ISO or CITES codes."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from data_access.models import Country


def country_names(session: Session) -> pd.DataFrame:
    """code (ISO 3166-1 alpha-2 or a CITES code), name_en, name_ko (None where unknown)."""
    rows = session.execute(select(Country.iso2, Country.name_en, Country.name_ko).order_by(Country.iso2)).all()
    return pd.DataFrame(rows, columns=["code", "name_en", "name_ko"])
