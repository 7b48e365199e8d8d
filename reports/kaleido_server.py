"""One kaleido Chromium per process, and a deadline on every image it draws.

kaleido's own server (`kaleido.start_sync_server`) waits without limit for its Chromium. When the
browser stops answering (seen on the 2-core test machine under load: a command-line export waited
eight minutes, and killing the browser did not free it), a report export or a chart's download
button would hang for good. Here the browser lives in a thread with its own event loop; a render
that misses its deadline is cancelled, the browser's process group is killed, and the next render
starts a fresh browser.
"""

from __future__ import annotations

import asyncio
import atexit
import concurrent.futures
import contextlib
import os
import signal
import subprocess
import threading
from typing import Any

RENDER_TIMEOUT_S = 60.0  # one chart; a national report chart takes 0.2–2 s
START_TIMEOUT_S = 90.0  # Chromium's start-up, ~4 s on 2 cores
CLOSE_TIMEOUT_S = 10.0


class RenderTimeout(TimeoutError):
    """The browser gave no image within the deadline (it has been restarted)."""


class KaleidoServer:
    """Start on first use, `render` with a deadline, `stop` when a batch is over; thread-safe."""

    def __init__(self, *, render_timeout_s: float = RENDER_TIMEOUT_S) -> None:
        self.render_timeout_s = render_timeout_s
        self._lock = threading.RLock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._kaleido: Any = None

    def running(self) -> bool:
        return self._kaleido is not None

    def start(self) -> None:
        """Open the browser (a no-op when it is open)."""
        with self._lock:
            if self._kaleido is not None:
                return
            loop = asyncio.new_event_loop()
            thread = threading.Thread(target=loop.run_forever, name="kaleido", daemon=True)
            thread.start()
            opening = asyncio.run_coroutine_threadsafe(_open(self.render_timeout_s), loop)
            try:
                kaleido = opening.result(START_TIMEOUT_S)
            except BaseException:
                opening.cancel()
                _stop_loop(loop, thread)
                raise
            self._loop, self._thread, self._kaleido = loop, thread, kaleido

    def render(self, figure: Any, opts: dict[str, Any]) -> bytes:
        """The image `kaleido.calc_fig` draws, or RenderTimeout after `render_timeout_s`."""
        with self._lock:
            self.start()
            assert self._loop is not None
            drawing = asyncio.run_coroutine_threadsafe(
                asyncio.wait_for(self._kaleido.calc_fig(figure, opts=opts), self.render_timeout_s), self._loop
            )
            try:
                # the loop's own deadline cancels the drawing; this one covers a loop that is stuck
                return drawing.result(self.render_timeout_s + CLOSE_TIMEOUT_S)
            except (TimeoutError, concurrent.futures.TimeoutError) as error:
                drawing.cancel()
                self.stop(force=True)
                raise RenderTimeout(f"no image within {self.render_timeout_s:.0f} s; the renderer was restarted") from error

    def stop(self, *, force: bool = False) -> None:
        """Close the browser (killed when `force`, or when it does not close in time)."""
        with self._lock:
            loop, thread, kaleido = self._loop, self._thread, self._kaleido
            self._loop = self._thread = self._kaleido = None
            if loop is None or thread is None:
                return
            if not force:
                closing = asyncio.run_coroutine_threadsafe(kaleido.close(), loop)
                try:
                    closing.result(CLOSE_TIMEOUT_S)
                except Exception:  # noqa: BLE001 - a browser that will not close is killed below
                    closing.cancel()
                    force = True
            if force:
                _kill_group(getattr(kaleido, "subprocess", None))
                with contextlib.suppress(Exception):
                    if kaleido._html_tmp_dir:  # noqa: SLF001 - kaleido's temporary index.html
                        kaleido._html_tmp_dir.clean()  # noqa: SLF001
            _stop_loop(loop, thread)


async def _open(render_timeout_s: float) -> Any:
    import kaleido

    browser = kaleido.Kaleido(n=1, timeout=render_timeout_s, mathjax=False)
    await browser.open()
    return browser


def _stop_loop(loop: asyncio.AbstractEventLoop, thread: threading.Thread) -> None:
    loop.call_soon_threadsafe(loop.stop)
    thread.join(CLOSE_TIMEOUT_S)
    if not thread.is_alive():
        loop.close()


def _kill_group(process: subprocess.Popen[Any] | None) -> None:
    """Kill the browser wrapper and its Chromium (choreographer starts them in a session of their own)."""
    if process is None or process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        process.kill()
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=CLOSE_TIMEOUT_S)


SERVER = KaleidoServer()
atexit.register(SERVER.stop)  # closed, or killed when it will not close: no Chromium outlives the process
