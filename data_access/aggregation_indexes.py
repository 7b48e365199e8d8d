"""Indexes that let the indicator loaders and the specimens and trade pages aggregate from an index alone.

At national scale (3 M occurrences) a GROUP BY that reads the table, or that groups by an
expression, makes SQLite sort millions of rows: `knowledge_digitisation`'s inputs took ~50 s of
CPU that way. Grouping by the raw columns of a covering index lets SQLite (and PostgreSQL)
aggregate in index order, reading no table row; the loaders finish the few remaining steps
(COALESCE, synonyms → accepted taxa) on the much smaller grouped frame. Created by migration 0005;
`ensure_aggregation_indexes` also adds them to a database built before that migration had them.
"""

from __future__ import annotations

from sqlalchemy import Engine, text

GEOREFERENCED = "decimal_latitude IS NOT NULL AND decimal_longitude IS NOT NULL"
# Darwin Core establishmentMeans meaning "alien, not merely kept", as literals: a partial index is
# used only by a query whose WHERE repeats this text (invasive_inputs.ALIEN_ESTABLISHMENT_MEANS).
RECORDED_ALIEN = (
    "lower(establishment_means) IN ('introduced', 'introducedassistedcolonisation', 'naturalised', 'naturalized', 'invasive')"
)
AGGREGATION_INDEXES: dict[str, str] = {
    # knowledge_digitisation: records per digitisation/record year, specimen basis and publication
    "ix_occurrence_digitisation": "occurrence (digitised_year, year, basis_of_record, is_published)",
    # knowledge_digitisation: first georeferenced record per taxon; species and records per province
    "ix_occurrence_georeferenced_taxon": f"occurrence (taxon_id, province_code, digitised_year, year) WHERE {GEOREFERENCED}",
    # invasive_species_establishment: first present record per taxon; taxa recorded as introduced
    "ix_occurrence_taxon_first_record": "occurrence (taxon_id, year, occurrence_status, establishment_means)",
    # specimens page: records per taxon group, basis, year, province and publication in one index scan
    "ix_occurrence_specimen_summary": "occurrence (taxon_group, basis_of_record, year, province_code, is_published)",
    # specimens page: species with any record / with a specimen (list completeness, distinct species)
    "ix_occurrence_taxon_basis": "occurrence (taxon_id, basis_of_record)",
    # specimens page: sensitive occurrences grouped by position and species (viewers' 10 km cells)
    "ix_occurrence_sensitive_points": "occurrence (is_sensitive, decimal_longitude, decimal_latitude, scientific_name, taxon_group)",
    # specimens page: the newest sensitive records (ORDER BY year DESC, id DESC LIMIT n)
    "ix_occurrence_sensitive_year": "occurrence (is_sensitive, year, id)",
    # trade page: stages per animal (life cycle) grouped in index order
    "ix_animal_event_specimen_type": "animal_event (specimen_id, event_type)",
    # trade page: events and late reports per event type
    "ix_animal_event_type_reported": "animal_event (event_type, event_date, report_date)",
    # trade page: animals that died without a disposal report (both sides read from the index)
    "ix_animal_event_type_specimen": "animal_event (event_type, specimen_id)",
    # cites_trade_discrepancy: trade-database rows summed per year, importer, exporter, taxon, term, unit
    "ix_cites_trade_comparison": "cites_trade_record (year, importer, exporter, taxon, term, unit, importer_quantity, exporter_quantity)",
    # species_protection: distinct locations of the threatened taxa, present records, read from the index alone
    "ix_occurrence_taxon_location": "occurrence (taxon_id, occurrence_status, decimal_longitude, decimal_latitude, country_code)",
    # invasive_species_establishment: the few taxa recorded as introduced (data_access/queries/invasive_inputs.py)
    "ix_occurrence_recorded_alien": f"occurrence (taxon_id) WHERE {RECORDED_ALIEN}",
    # animal_life_cycle, captive_population_balance: events, late reports and flows per type and year
    "ix_animal_event_type_year_dates": "animal_event (event_type, year, event_date, report_date, specimen_id, quantity)",
    # animal_life_cycle: a registration (or disposal) of the same animal within n days of its import (death)
    "ix_animal_event_specimen_type_date": "animal_event (specimen_id, event_type, event_date)",
}


def create_statements() -> list[str]:
    return [f"CREATE INDEX IF NOT EXISTS {name} ON {target}" for name, target in AGGREGATION_INDEXES.items()]


def drop_statements() -> list[str]:
    return [f"DROP INDEX IF EXISTS {name}" for name in AGGREGATION_INDEXES]


def ensure_aggregation_indexes(engine: Engine) -> None:
    with engine.begin() as connection:
        for statement in create_statements():
            connection.execute(text(statement))
        for table in ("occurrence", "animal_event", "cites_trade_record"):
            connection.execute(text(f"ANALYZE {table}"))  # so the planners know the new indexes pay
