"""The report batch of the exports issue: every indicator chart of the sample database, in Korean
and English, as 300-dpi PNG (`cli.py export charts --lang both --format png`) within two minutes.

Measured as staff run it, in this process (Python start-up not counted): the manifest's own
`seconds_total`, which covers computing the indicators and Chromium drawing the charts.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path
from typing import Any

TARGET_S = 120.0


def bench_report_batch() -> dict[str, Any]:
    """Seconds and chart count of one batch on a freshly built sample database."""
    import cli
    from data_access.database import make_engine, upgrade_schema
    from sample_data.generator import build_database

    if shutil.which("chromium") is None and not Path("/usr/bin/chromium").exists():
        return {"skipped": "Debian's Chromium is not installed"}
    with tempfile.TemporaryDirectory(prefix="gbf-bench-report-") as folder:
        url = f"sqlite:///{Path(folder) / 'sample.sqlite'}"
        engine = make_engine(url)
        upgrade_schema(engine)
        build_database(engine, scale="sample")
        engine.dispose()
        out = Path(folder) / "charts"
        code = cli.main(["--db", url, "export", "charts", "--lang", "both", "--format", "png", "--out", str(out)])
        if code != 0:
            return {"error": f"export charts exited with {code}"}
        manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    return {"charts": len(manifest["charts"]), "seconds": round(manifest["seconds_total"], 1), "target_s": TARGET_S}
