"""Synthetic input files of a given size for import-throughput benchmarks (streamed, not in memory)."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

DWC_COLUMNS = (
    "occurrenceID", "basisOfRecord", "scientificName", "kingdom", "class", "family", "decimalLatitude",
    "decimalLongitude", "coordinateUncertaintyInMeters", "eventDate", "year", "countryCode",
    "institutionCode", "collectionCode", "catalogNumber", "recordedBy", "license",
)
NAMES = ("Hydropotes inermis", "Pelophylax nigromaculatus", "Ardea alba", "Pinus densiflora", "Zelkova serrata")
BASES = ("PRESERVED_SPECIMEN", "HUMAN_OBSERVATION", "MATERIAL_SAMPLE")


def write_darwin_core_csv(path: Path, rows: int, *, seed: int = 1, chunk: int = 100_000) -> None:
    """A plain Darwin Core CSV with `rows` records inside South Korea's bounding box."""
    rng = np.random.default_rng(seed)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(DWC_COLUMNS)
        for start in range(0, rows, chunk):
            n = min(chunk, rows - start)
            lat = rng.uniform(34.5, 37.8, n).round(5)
            lon = rng.uniform(126.5, 129.2, n).round(5)
            years = rng.integers(1960, 2025, n)
            names = rng.integers(0, len(NAMES), n)
            bases = rng.integers(0, len(BASES), n)
            for i in range(n):
                number = start + i
                writer.writerow((
                    f"urn:bench:occ:{number}", BASES[bases[i]], NAMES[names[i]], "", "", "", lat[i], lon[i], "100",
                    f"{years[i]}-06-01", years[i], "KR", "NIBR", "BENCH", f"B{number:08d}", "Bench collector", "CC_BY_4_0",
                ))


PERMIT_COLUMNS = (
    "Permit no.", "Permit type", "Status", "Issuing authority", "Applicant ID", "Applicant name", "Applicant type",
    "Applied on", "Issued on", "Valid until", "Purpose", "Source", "Partner country", "Country of origin",
    "Foreign permit no.", "Parent permit no.", "Conditions", "Line no.", "Scientific name", "Appendix", "Term",
    "Quantity", "Unit", "Quantity used", "Description",
)
PERMIT_SPECIES = ("Python regius", "Chamaeleo calyptratus")


def write_permits_csv(path: Path, lines: int, *, seed: int = 1) -> None:
    """A permits template (English headers) with `lines` permit lines, two lines per import permit."""
    rng = np.random.default_rng(seed)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(PERMIT_COLUMNS)
        quantities = rng.integers(1, 50, lines)
        for number in range(lines):
            permit, line = divmod(number, 2)
            writer.writerow((
                f"2024-HAN-{permit:07d}", "import", "issued", "HAN", f"H{permit % 500:04d}", f"Bench zoo {permit % 500}", "공공기관", "2024-03-02",
                "2024-03-20", "2025-03-19", "T", "C", "DE", "TZ", "", "", "", line + 1, PERMIT_SPECIES[line], "II",
                "LIV", int(quantities[number]), "", "", "",
            ))
