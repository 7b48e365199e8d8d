"""Page render times in a real browser (Debian's Chromium through Playwright) and the app's peak memory.

AppTest runs a script in the test process, so its blank page reruns in a few milliseconds and
every page's ratio to it says little. Here each page is served by a real `streamlit run` and
opened in Chromium, as a person opens it, and the blank page (`benchmarks/blank_page.py`) is
measured the same way in the same run: its warm rerun (websocket round trip, script run,
rendering) is the floor every page's warm time is divided by.

How a render is timed, all on the browser's clock:
- an init script wraps `WebSocket` and records when each `script_finished` ForwardMsg arrives
  (field 6 of Streamlit's ForwardMsg protobuf: 0 = finished, 2 = stopped for a rerun), and a
  MutationObserver records the last change inside the main block (`stMain`);
- a render is over when a run has finished successfully since the start and the main block has
  then been quiet for `QUIET_MS`; its end is the later of that finish and the last change, so
  the quiet window itself is never counted.
- cold: a freshly started server (every Streamlit cache empty; the stored indicator results stay
  in the database, as on a real restart) opened by a browser that has never visited it (empty
  cache), from the navigation start (`performance.timeOrigin`) to the end of the render;
- cold, returning visitor: the same, in a browser that opened the page before the restart, so
  Streamlit's scripts (hashed names, served `immutable`) come from its cache: what staff see
  after the server restarts;
- warm: the same session rerun with Streamlit's "r" shortcut, from the key press to the end.

Peak memory is the high-water mark (`VmHWM` in /proc) of the streamlit server process after one
session has visited every page, and the largest of the per-page servers' marks.

Nothing is downloaded: Chromium is `/usr/bin/chromium`; requests that leave 127.0.0.1 are blocked.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

REPO = Path(__file__).resolve().parents[1]
BLANK_PAGE = REPO / "benchmarks" / "blank_page.py"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
QUIET_MS = 500  # the main block unchanged this long after the run finished = rendered
RENDER_TIMEOUT_S = 180.0
SERVER_START_TIMEOUT_S = 90.0
# Pages a viewer cannot open: the admin page is in the navigation only after an admin signs in.
BROWSER_SKIPPED_PAGES = {"pages/admin.py": "needs an admin sign-in; measured through AppTest only"}

PROBE_SCRIPT = """
(() => {
  if (window.__gbfProbe) return;
  const probe = window.__gbfProbe = {finished: [], lastMainChange: 0, keyPressed: 0};
  const now = () => performance.timeOrigin + performance.now();
  // The status of a script_finished ForwardMsg (field 6, varint), or -1 for any other message.
  const scriptFinished = (bytes) => {
    let pos = 0;
    const varint = () => {
      let value = 0, scale = 1, byte;
      do { byte = bytes[pos++]; value += (byte & 0x7f) * scale; scale *= 128; } while (byte & 0x80 && pos < bytes.length);
      return value;
    };
    while (pos < bytes.length) {
      const key = varint(), field = Math.floor(key / 8), wire = key % 8;
      if (wire === 0) { const value = varint(); if (field === 6) return value; }
      else if (wire === 2) { const length = varint(); pos += length; }  // not `pos += varint()`: pos is read first
      else if (wire === 1) { pos += 8; }
      else if (wire === 5) { pos += 4; }
      else return -1;
    }
    return -1;
  };
  const Native = window.WebSocket;
  class ProbedWebSocket extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener("message", (event) => {
        if (event.data instanceof ArrayBuffer) {
          const status = scriptFinished(new Uint8Array(event.data));
          if (status >= 0) probe.finished.push([status, now()]);
        }
      });
    }
  }
  window.WebSocket = ProbedWebSocket;
  const inMain = (node) => {
    const element = node && (node.nodeType === 1 ? node : node.parentElement);
    return !!(element && element.closest && element.closest("[data-testid='stMain']"));
  };
  new MutationObserver((records) => {
    if (records.some((record) => inMain(record.target))) probe.lastMainChange = now();
  }).observe(document, {subtree: true, childList: true, attributes: true, characterData: true});
  document.addEventListener("keydown", () => { probe.keyPressed = now(); }, true);
})();
"""

# Evaluated in the page: (finished successfully since `since`?, end of the render, ms the main block is quiet).
SETTLED_SCRIPT = """
(since) => {
  const probe = window.__gbfProbe;
  const now = performance.timeOrigin + performance.now();
  const done = probe.finished.filter(([status, at]) => status === 0 && at >= since);
  const busy = document.querySelector("[data-testid='stStatusWidgetRunningIcon'], [data-testid='stSkeleton']") !== null;
  if (!done.length || busy) return {done: false, end: 0, quiet: 0};
  const finished = done[done.length - 1][1];
  const end = Math.max(finished, probe.lastMainChange);
  return {done: true, end: end, quiet: now - end, exception: document.querySelector("[data-testid='stException']") !== null};
}
"""


def unavailable_reason() -> str | None:
    """Why the browser measure cannot run here, or None when it can."""
    if not Path(CHROMIUM).exists():
        return f"Debian's Chromium is not installed ({CHROMIUM}; apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright is not installed (pip install -r requirements-dev.txt)"
    return None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def peak_rss_bytes(pid: int) -> int | None:
    """The process's resident-set high-water mark (VmHWM), or None where /proc does not have it."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text(encoding="ascii").splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except OSError:
        return None
    return None


@dataclass
class StreamlitServer:
    """`cli.py serve` (app.py) or `streamlit run <script>` on a free 127.0.0.1 port; `base` is its address."""

    process: subprocess.Popen[bytes]
    base: str
    log: Path

    def peak_rss_bytes(self) -> int | None:
        return peak_rss_bytes(self.process.pid)


@contextlib.contextmanager
def streamlit_server(
    script: Path, database_url: str, *, log_folder: Path | None = None, port: int | None = None
) -> Iterator[StreamlitServer]:
    """A fresh server; on `port` when given (a browser's cache is per address: the returning visit)."""
    port = port or free_port()
    env = {**os.environ, "DATABASE_URL": database_url, "PYTHONUNBUFFERED": "1"}
    log = (log_folder or Path(os.environ.get("TMPDIR", "/tmp"))) / f"gbf-bench-streamlit-{port}.log"
    with log.open("wb") as output:
        streamlit_options = ["--server.headless", "true", "--browser.gatherUsageStats", "false",
                             "--server.fileWatcherType", "none"]  # fmt: skip
        if script.resolve() == (REPO / "app.py").resolve():  # the dashboard as `make run` starts it
            command = [sys.executable, "cli.py", "serve", "--port", str(port), "--address", "127.0.0.1",
                       "--", *streamlit_options]  # fmt: skip
        else:
            command = [sys.executable, "-m", "streamlit", "run", str(script), "--server.port", str(port),
                       "--server.address", "127.0.0.1", *streamlit_options]  # fmt: skip
        process = subprocess.Popen(
            command,
            cwd=REPO,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    server = StreamlitServer(process, f"http://127.0.0.1:{port}", log)
    try:
        _wait_for_health(server)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        log.unlink(missing_ok=True)


def _wait_for_health(server: StreamlitServer) -> None:
    deadline = time.monotonic() + SERVER_START_TIMEOUT_S
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            break
        try:
            with urllib.request.urlopen(f"{server.base}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"streamlit did not start: {server.log.read_text(errors='replace')[-800:]}")


def new_page(browser: Any) -> tuple[Any, Any]:
    """A fresh browser context (no cookies, no session) with the probe installed and the outside world blocked."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="ko-KR")
    context.add_init_script(PROBE_SCRIPT)

    def route(route: Any) -> Any:
        if urlparse(route.request.url).hostname in ("127.0.0.1", "localhost"):
            return route.continue_()
        return route.abort()

    context.route("**/*", route)
    return context, context.new_page()


def wait_rendered(page: Any, since_ms: float, timeout_s: float = RENDER_TIMEOUT_S) -> float:
    """Epoch milliseconds at which the render that began at `since_ms` was over (see the module docstring)."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        state = page.evaluate(SETTLED_SCRIPT, since_ms)
        if state["done"] and state["quiet"] >= QUIET_MS:
            if state.get("exception"):
                raise RuntimeError("the page shows an exception")
            return float(state["end"])
        page.wait_for_timeout(25)
    raise TimeoutError(f"not rendered within {timeout_s:.0f} s")


def time_cold(page: Any, url: str) -> float:
    """Seconds from the navigation start to the end of the first render."""
    page.goto(url, wait_until="commit")
    origin = float(page.evaluate("() => performance.timeOrigin"))
    return (wait_rendered(page, origin) - origin) / 1000


def time_warm(page: Any) -> float:
    """Seconds from pressing "r" (Streamlit's rerun shortcut, focus on the page body) to the end of the rerun."""
    page.evaluate(
        "() => { document.activeElement && document.activeElement.blur && document.activeElement.blur(); }"
    )
    page.keyboard.press("r")
    pressed = float(page.evaluate("() => window.__gbfProbe.keyPressed"))
    return (wait_rendered(page, pressed) - pressed) / 1000


def measure_script(
    browser: Any, script: Path, url_path: str, database_url: str, *, reps: int, reruns: int
) -> dict[str, Any]:
    """`reps` cold starts of `script` opened at `/url_path`, each followed by `reruns` warm reruns; medians.

    Each cold start is followed by a second fresh server on the same address, opened by the same
    browser: a returning visitor after a restart, whose browser has Streamlit's hashed, immutable
    scripts in its cache (`cold_returning_s`). `cold_s` is a first visit ever.
    """
    colds: list[float] = []
    warms: list[float] = []
    returning_colds: list[float] = []
    peaks: list[int] = []
    for _ in range(reps):
        port = free_port()
        context, page = new_page(browser)
        try:
            with streamlit_server(script, database_url, port=port) as server:
                colds.append(time_cold(page, f"{server.base}/{url_path}"))
                warms.extend(time_warm(page) for _ in range(reruns))
                page.goto("about:blank")  # else the page reconnects to the next server and warms it
                peak = server.peak_rss_bytes()
                if peak is not None:
                    peaks.append(peak)
            with streamlit_server(script, database_url, port=port) as server:
                returning_colds.append(time_cold(page, f"{server.base}/{url_path}"))
        finally:
            context.close()
    return {
        "cold_s": round(statistics.median(colds), 4),
        "warm_s": round(statistics.median(warms), 4),
        "cold_samples_s": [round(v, 4) for v in colds],
        "warm_samples_s": [round(v, 4) for v in warms],
        "peak_rss_bytes": max(peaks) if peaks else None,
        "cold_returning_s": round(statistics.median(returning_colds), 4),
        "cold_returning_samples_s": [round(v, 4) for v in returning_colds],
    }


def url_path_of(page_file: str) -> str:
    """The URL a page is opened at: app.py names each page after its file; the default page is the
    root. A section (`pages/trade.py?view=partners`) keeps its query."""
    page_file, _, query = page_file.partition("?")
    stem = Path(page_file).stem
    path = "" if stem == "overview" else stem
    return f"{path}?{query}" if query else path


def visit_every_page(browser: Any, database_url: str, page_files: list[str]) -> int | None:
    """Peak RSS of one server after one session opened every page in turn."""
    with streamlit_server(REPO / "app.py", database_url) as server:
        context, page = new_page(browser)
        try:
            for page_file in page_files:
                page.goto(f"{server.base}/{url_path_of(page_file)}", wait_until="commit")
                wait_rendered(page, float(page.evaluate("() => performance.timeOrigin")))
        finally:
            context.close()
        return server.peak_rss_bytes()


def with_sections(page_files: list[str]) -> list[str]:
    """Every page, then each other section of a page in sections (`pages/trade.py?view=partners`):
    a page opens on its first section, and a shared link opens any of them just as cold."""
    from ui.sections import PAGE_SECTIONS

    views = []
    for page_file in page_files:
        views.append(page_file)
        views += [f"{page_file}?view={code}" for code in PAGE_SECTIONS.get(Path(page_file).stem, ())[1:]]
    return views


def measure_pages(
    database_url: str,
    page_files: list[str],
    *,
    reps: int,
    reruns: int = 3,
    progress: Callable[[str], None] = lambda message: None,
) -> dict[str, Any]:
    """Blank page and every page (and section, see `with_sections`), cold and warm, with ratios to
    the blank page; or {"skipped": reason}."""
    reason = unavailable_reason()
    if reason:
        return {"skipped": reason}
    from playwright.sync_api import sync_playwright

    results: dict[str, Any] = {
        "method": "browser: cli.py serve (as make run) + Chromium (Playwright); cold = fresh server, first visit "
                  "(empty browser cache); cold_returning = fresh server, browser cache from a visit before the "
                  "restart; warm = rerun ('r')"
    }
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            progress("blank page")
            try:
                blank = measure_script(browser, BLANK_PAGE, "", database_url, reps=reps, reruns=reruns)
            except Exception as error:  # noqa: BLE001 - without the floor no page is measured
                return {"error": f"blank page: {error.__class__.__name__}: {error}"[:300]}
            results["_blank"] = blank
            measured = []
            for page_file in with_sections(page_files):
                if page_file in BROWSER_SKIPPED_PAGES:
                    results[page_file] = {"skipped": BROWSER_SKIPPED_PAGES[page_file]}
                    continue
                progress(page_file)
                try:
                    figures = measure_script(
                        browser,
                        REPO / "app.py",
                        url_path_of(page_file),
                        database_url,
                        reps=reps,
                        reruns=reruns,
                    )
                except Exception as error:  # noqa: BLE001 - one failing page is reported, not fatal
                    results[page_file] = {"error": f"{error.__class__.__name__}: {error}"[:300]}
                    continue
                figures["warm_over_blank"] = (
                    round(figures["warm_s"] / blank["warm_s"], 2) if blank["warm_s"] else None
                )
                # The blank page's cold time is the browser loading Streamlit's frontend and opening a session.
                figures["cold_minus_blank_s"] = round(figures["cold_s"] - blank["cold_s"], 4)
                figures["cold_returning_minus_blank_s"] = round(figures["cold_returning_s"] - blank["cold_returning_s"], 4)
                results[page_file] = figures
                measured.append(page_file)
            progress("every page in one session (peak memory)")
            try:
                tour_peak = visit_every_page(browser, database_url, measured)
            except Exception as error:  # noqa: BLE001 - the per-page servers' peaks still stand
                tour_peak = None
                results["_every_page_error"] = f"{error.__class__.__name__}: {error}"[:300]
        finally:
            browser.close()
    per_page = [
        f["peak_rss_bytes"] for f in results.values() if isinstance(f, dict) and f.get("peak_rss_bytes")
    ]
    results["_peak_memory_bytes"] = max([p for p in [tour_peak, *per_page] if p is not None], default=None)
    results["_peak_memory_after_every_page_bytes"] = tour_peak
    return results
