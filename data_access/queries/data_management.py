"""Data management page: the import log and how fresh each source is."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from data_access.models import (
    AccessPermit,
    AnimalEvent,
    CitesPermit,
    CitesTradeRecord,
    CooperationProject,
    ImportBatch,
    KeyBiodiversityArea,
    NbsapAction,
    Occurrence,
    PopulationDataset,
    ProtectedArea,
    RedListAssessment,
    Taxon,
)

# Source (i18n key suffix) → (model, the column that dates its content, or None).
SOURCES = {
    "taxa": (Taxon, Taxon.year_listed),
    "red_list": (RedListAssessment, RedListAssessment.year),
    "occurrences": (Occurrence, Occurrence.year),
    "protected_areas": (ProtectedArea, ProtectedArea.status_year),
    "kba": (KeyBiodiversityArea, None),
    "cites_trade": (CitesTradeRecord, CitesTradeRecord.year),
    "cites_permits": (CitesPermit, CitesPermit.issued_on),
    "animal_events": (AnimalEvent, AnimalEvent.event_date),
    "populations": (PopulationDataset, None),
    "nbsap": (NbsapAction, None),
    "cooperation": (CooperationProject, CooperationProject.starts_on),
    "abs": (AccessPermit, AccessPermit.issued_on),
}


def import_log(session: Session, *, limit: int = 200) -> pd.DataFrame:
    result = session.execute(
        select(ImportBatch.id, ImportBatch.kind, ImportBatch.file_name, ImportBatch.sha256, ImportBatch.rows_read,
               ImportBatch.rows_inserted, ImportBatch.rows_updated, ImportBatch.rows_unchanged,
               ImportBatch.rows_rejected, ImportBatch.status, ImportBatch.imported_by, ImportBatch.started_at,
               ImportBatch.finished_at)
        .order_by(ImportBatch.id.desc()).limit(limit)
    )
    return pd.DataFrame(result.all(), columns=list(result.keys()))


def data_freshness(session: Session) -> pd.DataFrame:
    """source, rows, latest (latest year or date in the data), last_import (time), last_kind."""
    rows = []
    for source, (model, dated) in SOURCES.items():
        columns = [func.count()]
        if dated is not None:
            columns.append(func.max(dated))
        batch_column = getattr(model, "batch_id", None)
        if batch_column is not None:
            columns.append(func.max(batch_column))
        values = list(session.execute(select(*columns).select_from(model)).one())
        count = int(values.pop(0) or 0)
        latest = values.pop(0) if dated is not None else None
        batch_id = values.pop(0) if batch_column is not None else None
        last_import = last_kind = None
        if batch_id is not None:
            batch = session.get(ImportBatch, batch_id)
            if batch is not None:
                last_import, last_kind = batch.started_at, batch.kind
        rows.append((source, count, None if latest is None else str(latest), last_import, last_kind))
    return pd.DataFrame(rows, columns=["source", "rows", "latest", "last_import", "last_kind"])
