"""The data behind a chart as a zip: data.csv, data.xlsx and a README with metadata and licences.

Every text cell goes through `reports.safe_cells` first, so no exported file can carry a formula.

>>> import pandas as pd
>>> from reports.provenance import Provenance
>>> package = data_package(pd.DataFrame({"year": [2020], "value": [1.0]}), Provenance("T", "u", "s"), "en")
>>> sorted(zipfile.ZipFile(io.BytesIO(package)).namelist())
['README.md', 'data.csv', 'data.xlsx']
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping

import pandas as pd

from i18n import t
from indicators.metadata import IndicatorMetadata, load_metadata
from reports.provenance import Provenance
from reports.safe_cells import neutralise, safe_frame

CSV_NAME, XLSX_NAME, README_NAME = "data.csv", "data.xlsx", "README.md"


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """UTF-8 with BOM (so Excel opens Korean correctly), no index, formulas neutralised."""
    return safe_frame(frame).to_csv(index=False, lineterminator="\n").encode("utf-8-sig")


def xlsx_bytes(sheets: Mapping[str, pd.DataFrame]) -> bytes:
    """One worksheet per frame (names cut to Excel's 31 characters), formulas neutralised."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, frame in sheets.items():
            safe_frame(frame).to_excel(writer, sheet_name=name[:31], index=False)
    return buffer.getvalue()


def metadata_rows(provenance: Provenance, lang: str, metadata: IndicatorMetadata | None) -> pd.DataFrame:
    """field → value pairs for the XLSX 'metadata' sheet."""
    rows: list[tuple[str, str]] = []
    if metadata is not None:
        rows += [
            (t("rep.readme.indicator", lang), metadata.name(lang)),
            (t("rep.readme.gbf_code", lang), metadata.gbf_code),
            (t("rep.readme.description", lang), metadata.description(lang)),
            (t("rep.readme.unit", lang), metadata.unit(lang)),
            (t("rep.readme.method", lang), metadata.method(lang)),
        ]
        for source in metadata.sources:
            licence = source.licence or t("rep.readme.licence_unknown", lang)
            rows.append((t("rep.readme.sources", lang), f"{source.citation} — {t('rep.readme.licence', lang)}: {licence}"))
    else:
        rows += [(t("rep.readme.indicator", lang), provenance.title), (t("rep.readme.unit", lang), provenance.unit),
                 (t("rep.readme.sources", lang), provenance.source)]
    rows += [
        (t("rep.readme.data_version", lang), provenance.data_version),
        (t("rep.readme.snapshot", lang), provenance.snapshot or ""),
        (t("rep.readme.filters", lang), provenance.filter_text() or t("rep.readme.none", lang)),
        (t("rep.readme.drawn_on", lang), provenance.drawn_on.isoformat()),
        (t("rep.readme.citation", lang), citation(provenance, lang)),
    ]
    return pd.DataFrame(rows, columns=["field", "value"])


def citation(provenance: Provenance, lang: str) -> str:
    return t("rep.readme.cite_as", lang, publisher=t("rep.readme.publisher", lang), title=provenance.title,
             version=provenance.data_version or "–", date=provenance.drawn_on.isoformat())


def readme_text(frame: pd.DataFrame, provenance: Provenance, lang: str, metadata: IndicatorMetadata | None) -> str:
    """Markdown: what the data are, how they were made, where they come from, under which licence."""
    lines = [f"# {t('rep.readme.title', lang)}: {provenance.title}", "", t("rep.readme.files", lang), ""]
    if metadata is not None:
        lines += [
            f"## {t('rep.readme.indicator', lang)}", "",
            f"- **{t('rep.readme.indicator', lang)}**: {metadata.name(lang)}",
            f"- **{t('rep.readme.gbf_code', lang)}**: {metadata.gbf_code} ({', '.join(metadata.gbf_targets)})",
            f"- **{t('rep.readme.unit', lang)}**: {metadata.unit(lang)}",
        ]
        if metadata.disaggregations:
            lines.append(f"- **{t('rep.readme.disaggregations', lang)}**: {metadata.dimensions_text(lang)}")
        lines += ["", f"### {t('rep.readme.description', lang)}", "", metadata.description(lang), "",
                  f"### {t('rep.readme.method', lang)}", "", metadata.method(lang), ""]
        if metadata.caveats:
            lines += [f"### {t('rep.readme.caveats', lang)}", ""]
            lines += [f"- {caveat(lang)}" for caveat in metadata.caveats]
            lines.append("")
        lines += [f"## {t('rep.readme.sources', lang)}", ""]
        for source in metadata.sources:
            licence = source.licence or t("rep.readme.licence_unknown", lang)
            url = f" <{source.url}>" if source.url else ""
            lines.append(f"- {source.citation}{url}  \n  {t('rep.readme.licence', lang)}: {licence}")
        lines.append("")
    else:
        lines += [f"- **{t('rep.readme.unit', lang)}**: {provenance.unit}",
                  f"- **{t('rep.readme.sources', lang)}**: {provenance.source}", ""]
    lines += [
        f"## {t('rep.readme.provenance', lang)}", "",
        f"- **{t('rep.readme.data_version', lang)}**: {provenance.data_version or '–'}",
        f"- **{t('rep.readme.snapshot', lang)}**: {provenance.snapshot or t('rep.readme.none', lang)}",
        f"- **{t('rep.readme.filters', lang)}**: {provenance.filter_text() or t('rep.readme.none', lang)}",
        f"- **{t('rep.readme.drawn_on', lang)}**: {provenance.drawn_on.isoformat()}",
        f"- {t('rep.readme.rows', lang, n=len(frame))}; **{t('rep.readme.columns', lang)}**: "
        + ", ".join(str(neutralise(str(c))) for c in frame.columns),
        "", f"## {t('rep.readme.citation', lang)}", "", citation(provenance, lang), "",
    ]
    return "\n".join(lines)


def data_package(
    frame: pd.DataFrame,
    provenance: Provenance,
    lang: str,
    *,
    indicator_id: str | None = None,
    role: str = "viewer",
) -> bytes:
    """The zip (bytes) of data.csv, data.xlsx (sheets data, metadata) and README.md, with the
    data as `role` may see it (small counts of individuals suppressed below analyst)."""
    metadata = load_metadata(indicator_id) if indicator_id else None
    if indicator_id:
        from data_access.masking import mask_indicator_output

        frame = mask_indicator_output(indicator_id, frame, role)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(CSV_NAME, csv_bytes(frame))
        archive.writestr(XLSX_NAME, xlsx_bytes({"data": frame, "metadata": metadata_rows(provenance, lang, metadata)}))
        archive.writestr(README_NAME, readme_text(frame, provenance, lang, metadata).encode("utf-8"))
    return buffer.getvalue()
