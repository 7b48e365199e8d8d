"""Progress status per GBF goal/target (and national target), computed and as set by staff.

`target_progress` puts side by side, for each target:

- the *computed* status: every registered indicator whose metadata maps it to the target
  (`gbf_targets`) and carries a `progress` rule is assessed with `indicators.progress_status`
  (Open SDG method); when several indicators assess one target the **worst** ranked status wins
  (precautionary: a target is only "on track" when all its assessed indicators are); unknown
  results are ignored unless nothing else is known. A national target (NTn) takes the worst
  computed status of the GBF targets it is linked to;
- the latest staff override (`ProgressStatusOverride`: status, justification, author, time);
- `status`: the override where there is one, else the computed status.

`record_override` validates the status code and requires a justification and an author; it
writes the override and its audit entry (`data_access.audit.record_event`) in one transaction.
Errors carry an i18n key (`progress.error.*`) so the form can explain them in the reader's language.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from data_access.audit import record_event
from data_access.models import GbfGoalTarget, NationalTarget, NationalTargetGbfLink, ProgressStatusOverride
from indicators.progress_status import ProgressAssessment, assess_result, combine_statuses, validate_status
from indicators.result import IndicatorResult

GBF_CODE = re.compile(r"^(?:[1-9]|1[0-9]|2[0-3]|[A-D])$")
NATIONAL_CODE = re.compile(r"^NT(?:[1-9]|1[0-9]|2[0-1])$")


class OverrideError(ValueError):
    """A staff override that cannot be recorded (unknown status or target, no justification).

    The message is English (logs, CLI); `key` and `params` give the text for `i18n.t`.
    """

    def __init__(self, message: str, key: str = "progress.error.invalid", **params: object) -> None:
        super().__init__(message)
        self.key = key
        self.params = params


def assess_indicators(
    session: Session,
    *,
    results: Mapping[str, IndicatorResult] | None = None,
    indicator_ids: Iterable[str] | None = None,
) -> dict[str, ProgressAssessment]:
    """Assessment per registered indicator that has a progress rule (computed when not given)."""
    from data_access.indicator_inputs import load_inputs
    from indicators import registry

    assessments: dict[str, ProgressAssessment] = {}
    for indicator_id in indicator_ids if indicator_ids is not None else registry.INDICATOR_IDS:
        try:
            spec = registry.get(indicator_id)
            rule = spec.metadata.progress
        except (KeyError, FileNotFoundError, ModuleNotFoundError, ValueError) as error:
            assessments[indicator_id] = ProgressAssessment("unknown", "none", f"not available: {error}")
            continue
        if rule is None:
            continue
        result = (results or {}).get(indicator_id)
        if result is None:
            try:
                result = spec.run(load_inputs(session, indicator_id))
            except Exception as error:  # noqa: BLE001 - any failure means "cannot assess", shown to staff
                assessments[indicator_id] = ProgressAssessment("unknown", "none", f"{type(error).__name__}: {error}")
                continue
        assessments[indicator_id] = assess_result(result, rule)
    return assessments


def indicator_targets(indicator_ids: Iterable[str]) -> dict[str, list[str]]:
    """indicator id → the GBF goal/target codes its metadata maps it to."""
    from indicators import registry

    mapping: dict[str, list[str]] = {}
    for indicator_id in indicator_ids:
        try:
            mapping[indicator_id] = list(registry.get(indicator_id).metadata.gbf_targets)
        except (KeyError, FileNotFoundError, ModuleNotFoundError, ValueError):
            mapping[indicator_id] = []
    return mapping


def latest_overrides(session: Session, *, report_year: int | None = None) -> pd.DataFrame:
    """The latest override per target code (by id, which grows with time)."""
    latest = select(func.max(ProgressStatusOverride.id).label("id")).group_by(ProgressStatusOverride.target_code)
    if report_year is not None:
        latest = latest.where(ProgressStatusOverride.report_year == report_year)
    statement = select(
        ProgressStatusOverride.target_code,
        ProgressStatusOverride.status.label("override_status"),
        ProgressStatusOverride.justification.label("override_justification"),
        ProgressStatusOverride.author.label("override_author"),
        ProgressStatusOverride.created_at.label("override_at"),
        ProgressStatusOverride.report_year.label("override_report_year"),
    ).where(ProgressStatusOverride.id.in_(latest))
    result = session.execute(statement)
    return pd.DataFrame(result.all(), columns=list(result.keys()))


def target_progress(
    session: Session,
    *,
    results: Mapping[str, IndicatorResult] | None = None,
    indicator_ids: Iterable[str] | None = None,
    report_year: int | None = None,
    include_national: bool = True,
) -> pd.DataFrame:
    """One row per GBF goal/target (then national target) with computed and staff-set status.

    Columns: target_code, kind, title_en, title_ko, indicators, indicator_statuses,
    computed_status, override_status, override_justification, override_author, override_at,
    override_report_year, status.
    """
    assessments = assess_indicators(session, results=results, indicator_ids=indicator_ids)
    targets_of = indicator_targets(assessments)
    rows = []
    targets = session.execute(
        select(GbfGoalTarget.code, GbfGoalTarget.kind, GbfGoalTarget.title_en, GbfGoalTarget.title_ko).order_by(
            GbfGoalTarget.sort_order, GbfGoalTarget.code
        )
    ).all()
    codes = [t.code for t in targets] or sorted({c for cs in targets_of.values() for c in cs}, key=_gbf_order)
    info = {t.code: t for t in targets}
    computed: dict[str, str] = {}
    for code in codes:
        ids = [i for i, cs in targets_of.items() if code in cs]
        computed[code] = combine_statuses(assessments[i].status for i in ids)
        row = info.get(code)
        rows.append({
            "target_code": code,
            "kind": row.kind if row else ("goal" if code.isalpha() else "target"),
            "title_en": row.title_en if row else None,
            "title_ko": row.title_ko if row else None,
            "indicators": ", ".join(ids),
            "indicator_statuses": "; ".join(f"{i}: {assessments[i].status}" for i in ids),
            "computed_status": computed[code],
        })
    if include_national:
        links = session.execute(select(NationalTargetGbfLink.national_target_code, NationalTargetGbfLink.gbf_code)).all()
        linked: dict[str, list[str]] = {}
        for national, gbf in links:
            linked.setdefault(national, []).append(gbf)
        for target in session.execute(
            select(NationalTarget.code, NationalTarget.title_en, NationalTarget.title_ko).order_by(NationalTarget.sort_order)
        ).all():
            gbf_codes = linked.get(target.code, [])
            rows.append({
                "target_code": target.code,
                "kind": "national_target",
                "title_en": target.title_en,
                "title_ko": target.title_ko,
                "indicators": "",
                "indicator_statuses": "; ".join(f"GBF {c}: {computed.get(c, 'unknown')}" for c in gbf_codes),
                "computed_status": combine_statuses(computed.get(c, "unknown") for c in gbf_codes),
            })
    frame = pd.DataFrame(rows)
    overrides = latest_overrides(session, report_year=report_year)
    frame = frame.merge(overrides, on="target_code", how="left") if not frame.empty else frame
    if frame.empty:
        return frame
    frame["status"] = frame["override_status"].where(frame["override_status"].notna(), frame["computed_status"])
    return frame


def _gbf_order(code: str) -> tuple[int, int]:
    return (0, ord(code)) if code.isalpha() else (1, int(code)) if code.isdigit() else (2, 0)


def record_override(
    session: Session,
    target_code: str,
    status: str,
    justification: str,
    author: str,
    *,
    report_year: int | None = None,
    origin: str = "",
) -> ProgressStatusOverride:
    """Store a staff-set status for a GBF goal/target or national target; returns the new row.

    The audit entry (action "override", the target code, status, justification and report year)
    is written in the same transaction, so an override is never stored without it.
    Raises OverrideError for an unknown status or target code, or an empty justification/author.
    """
    code = (target_code or "").strip()
    if not (GBF_CODE.match(code) or NATIONAL_CODE.match(code)):
        raise OverrideError(f"unknown target code '{target_code}'; use 1–23, A–D or NT1–NT21",
                            "progress.error.unknown_target", code=target_code)
    try:
        validate_status(status)
    except ValueError as error:
        raise OverrideError(str(error), "progress.error.unknown_status", status=status) from None
    if not (justification or "").strip():
        raise OverrideError("a justification is required for a progress status set by hand",
                            "progress.justification_required")
    if not (author or "").strip():
        raise OverrideError("the author of the override is required", "progress.error.author_required")
    row = ProgressStatusOverride(
        target_code=code,
        status=status,
        justification=justification.strip(),
        author=author.strip(),
        report_year=report_year,
        created_at=dt.datetime.now(dt.UTC),
    )
    session.add(row)
    session.flush()
    record_event(
        session, actor=row.author, action="override", target=code, origin=origin,
        detail={"status": status, "justification": row.justification, "report_year": report_year, "override_id": row.id},
    )
    return row
