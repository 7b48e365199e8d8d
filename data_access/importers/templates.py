"""Import templates (CSV and XLSX, Korean or English headers) generated from the column specs.

Each template kind's module holds one column spec (`COLUMNS`: name, Korean and English header,
type, required, allowed codes, descriptions); the same spec reads the files back, so a template
and its importer cannot drift apart. The CSV is UTF-8 with a BOM (Excel opens it correctly) and
holds only the header; the XLSX has the header on its first sheet and a guide sheet describing
every column. `python -m data_access.importers.templates` rewrites the files in
`sample_data/templates/`; a test checks the shipped files match the specs.
"""

from __future__ import annotations

import csv
import importlib
from collections.abc import Sequence
from pathlib import Path

from data_access.importers.validation import Column
from i18n import t

TEMPLATE_DIR = Path(__file__).resolve().parents[2] / "sample_data" / "templates"
TEMPLATE_MODULES = {
    "species": "species",
    "redlist": "red_list",
    "permits": "permits",
    "animal-events": "animal_events",
    "abs": "benefit_sharing",
    "abs-benefits": "benefits",
    "cooperation": "cooperation",
    "capacity-events": "capacity_events",
    "material-transfers": "material_transfers",
    "trade-cases": "trade_cases",
    "legal-status": "legal_status",
    "nbsap": "nbsap",
}
LANGS = ("ko", "en")
TYPE_LABELS = {
    "text": ("문자", "text"), "int": ("정수", "whole number"), "float": ("숫자", "number"),
    "date": ("날짜(YYYY-MM-DD)", "date (YYYY-MM-DD)"), "year": ("연도", "year"), "code": ("코드", "code"),
    "bool": ("Y/N", "Y/N"), "country": ("국가 코드(2자리)", "country code (2 letters)"),
}


def columns_of(kind: str) -> Sequence[Column]:
    if kind not in TEMPLATE_MODULES:
        raise KeyError(f"no import template for '{kind}'; templates exist for {', '.join(TEMPLATE_MODULES)}")
    return importlib.import_module(f"data_access.importers.{TEMPLATE_MODULES[kind]}").COLUMNS  # type: ignore[no-any-return]


def headers(kind: str, lang: str) -> list[str]:
    return [c.ko if lang == "ko" else c.en for c in columns_of(kind)]


def template_file(kind: str, lang: str, fmt: str = "csv") -> Path:
    columns_of(kind)
    if lang not in LANGS or fmt not in ("csv", "xlsx"):
        raise KeyError(f"templates exist in {LANGS} as csv or xlsx")
    return TEMPLATE_DIR / f"{kind}.{lang}.{fmt}"


def guide_rows(kind: str, lang: str) -> list[list[str]]:
    rows = []
    for c in columns_of(kind):
        header, other = (c.ko, c.en) if lang == "ko" else (c.en, c.ko)
        kind_label = TYPE_LABELS.get(c.type, (c.type, c.type))[0 if lang == "ko" else 1]
        required = t("importers.template.required_yes" if c.required else "importers.template.required_no", lang)
        description = c.description_ko if lang == "ko" else c.description_en
        rows.append([header, other, kind_label, required, ", ".join(c.codes), description, c.example])
    return rows


def write_csv(kind: str, lang: str) -> Path:
    path = template_file(kind, lang, "csv")
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerow(headers(kind, lang))
    return path


def write_xlsx(kind: str, lang: str) -> Path:
    import openpyxl
    from openpyxl.styles import Font

    path = template_file(kind, lang, "xlsx")
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook = openpyxl.Workbook()
    data = workbook.active
    data.title = t("importers.template.sheet_data", lang)
    data.append(headers(kind, lang))
    for cell in data[1]:
        cell.font = Font(bold=True)
    for index, column in enumerate(columns_of(kind), start=1):
        data.column_dimensions[openpyxl.utils.get_column_letter(index)].width = max(12, len(column.ko if lang == "ko" else column.en) + 4)
    guide = workbook.create_sheet(t("importers.template.sheet_guide", lang))
    guide.append(t("importers.template.guide_header", lang).split("|"))
    for cell in guide[1]:
        cell.font = Font(bold=True)
    for row in guide_rows(kind, lang):
        guide.append(row)
    workbook.properties.creator = "GBF Dashboard"
    workbook.save(path)
    return path


def write_all() -> list[Path]:
    """(Re)write every template file; returns the paths written."""
    return [writer(kind, lang) for kind in TEMPLATE_MODULES for lang in LANGS for writer in (write_csv, write_xlsx)]


if __name__ == "__main__":
    for written in write_all():
        print(written)
