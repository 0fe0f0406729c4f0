"""Open local HTML pages in one headless Chromium and report what a reader would have seen.

Reports and dashboards are opened from disk, offline, by people who must never see a broken
chart or have their browser call out to the internet. This harness drives the Debian chromium
over the DevTools Protocol (through choreographer, kaleido's own driver) and collects console
errors, every request that is not local, a screenshot and whether Plotly charts were drawn.
"""

import asyncio
import base64
import io
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from choreographer import Browser
from choreographer.browsers.chromium import Chromium
from choreographer.protocol.devtools_async import Session
from PIL import Image

LOCAL_SCHEMES = ("file:", "data:", "blob:", "about:")
VIEWPORT = (1280, 900)
# The page is ready once loaded, fonts are in, and every Plotly chart has drawn its SVG.
READY_JS = """document.readyState === 'complete' && document.fonts.status === 'loaded'
  && (!window.Plotly || [...document.querySelectorAll('.plotly-graph-div')]
        .every(chart => chart.querySelector('svg.main-svg')))"""
PLOTLY_CHARTS_JS = """(() => {
  const charts = document.querySelectorAll('.plotly-graph-div, .js-plotly-plot');
  const drawn = [...document.querySelectorAll('.js-plotly-plot')].filter(chart => {
    const svg = chart.querySelector('svg.main-svg');
    if (!svg || svg.childElementCount === 0) return false;
    const box = svg.getBoundingClientRect();
    return box.width > 0 && box.height > 0;
  });
  return [charts.length, drawn.length];
})()"""


class PlotlyCharts(NamedTuple):
    """Plotly chart containers on the page, and how many drew a non-empty SVG the reader sees.

    A chart inside a hidden section (a closed tab, `display: none`) is not rendered until shown.
    """

    total: int
    rendered: int


@dataclass(frozen=True)
class PageReport:
    """What the page did: errors, requests that were not local, and the first screen as seen."""

    console_errors: list[str]
    failed_or_external_requests: list[str]
    screenshot_png: bytes
    blank: bool
    plotly_charts: PlotlyCharts


class PageNotReady(TimeoutError):
    """The page never reached its ready condition; says what the page reported meanwhile."""


class PageScriptError(RuntimeError):
    """A JavaScript expression run by a test threw on the page."""


class _OfflineChromium(Chromium):
    """Chromium as an ordinary reader's browser, cut off from the network.

    choreographer relaxes file-URL security for kaleido; a report must work without that,
    so those flags go. Every host name resolves to nothing: no request can leave the machine.
    """

    _relaxed = ("--disable-web-security", "--allow-file-access-from-files")

    def get_cli(self) -> list[str]:
        cli = [arg for arg in super().get_cli() if arg not in self._relaxed]
        cli = ["--headless=new" if arg == "--headless" else arg for arg in cli]
        return [*cli, "--host-resolver-rules=MAP * ~NOTFOUND", "--hide-scrollbars"]


def find_chromium() -> str | None:
    """The Chromium kaleido would use too (`BROWSER_PATH`, then `PATH`, then /usr/bin)."""
    path = Chromium.find_browser(skip_local=False)
    return path if path and os.access(path, os.X_OK) else None


def is_blank(png: bytes) -> bool:
    """A screenshot of a single colour shows nothing."""
    with Image.open(io.BytesIO(png)) as image:
        return image.convert("RGB").getcolors(maxcolors=1) is not None


def _is_local(url: str) -> bool:
    return url.startswith(LOCAL_SCHEMES)


def _console_text(arg: dict[str, Any]) -> str:
    value = arg.get("value", arg.get("description", arg.get("type", "")))
    return str(value)


class Page:
    """One open tab: what it logged and requested so far, and JavaScript run on it."""

    def __init__(self, chromium: "HeadlessChromium", tab: Any) -> None:
        self._chromium = chromium
        self._tab = tab
        self.console_errors: list[str] = []
        self.requests: list[str] = []
        self._urls: dict[str, str] = {}
        self._in_flight: set[str] = set()
        self._watch(tab.get_session())
        tab.subscribe("Target.attachedToTarget", self._on_attached)
        tab.subscribe("Page.javascriptDialogOpening", self._on_dialog)

    def _watch(self, session: Session) -> None:
        for event, handler in {
            "Runtime.consoleAPICalled": self._on_console,
            "Runtime.exceptionThrown": self._on_exception,
            "Log.entryAdded": self._on_log,
            "Network.requestWillBeSent": self._on_request,
            "Network.webSocketCreated": self._on_websocket,
            "Network.loadingFinished": self._on_finished,
            "Network.loadingFailed": self._on_failed,
        }.items():
            session.subscribe(event, handler)

    async def _on_attached(self, event: dict[str, Any]) -> None:
        """Workers and out-of-process frames are watched like the page, before they run."""
        session = Session(event["params"]["sessionId"], self._tab._broker)
        self._tab._add_session(session)
        self._watch(session)
        for domain in ("Runtime", "Log", "Network"):
            await session.send_command(f"{domain}.enable")
        await session.send_command("Runtime.runIfWaitingForDebugger")

    async def _on_dialog(self, event: dict[str, Any]) -> None:
        params = event["params"]
        self.console_errors.append(f"dialog {params['type']}: {params['message']}")
        await self._tab.send_command("Page.handleJavaScriptDialog", {"accept": True})

    async def _on_console(self, event: dict[str, Any]) -> None:
        params = event["params"]
        if params["type"] in ("error", "assert"):
            text = " ".join(_console_text(arg) for arg in params.get("args", []))
            self.console_errors.append(f"console.{params['type']}: {text}")

    async def _on_exception(self, event: dict[str, Any]) -> None:
        details = event["params"]["exceptionDetails"]
        text = details.get("exception", {}).get("description") or details.get("text", "")
        self.console_errors.append(f"uncaught: {text.splitlines()[0] if text else '?'}")

    async def _on_log(self, event: dict[str, Any]) -> None:
        entry = event["params"]["entry"]
        # Failed loads come from Network.loadingFailed, with their URL.
        if entry["level"] == "error" and entry.get("source") != "network":
            self.console_errors.append(f"{entry.get('source', 'log')}: {entry['text']}")

    async def _on_request(self, event: dict[str, Any]) -> None:
        params = event["params"]
        url = params["request"]["url"]
        self._urls[params["requestId"]] = url
        self._in_flight.add(params["requestId"])
        if not _is_local(url):
            self.requests.append(url)

    async def _on_websocket(self, event: dict[str, Any]) -> None:
        self.requests.append(event["params"]["url"])

    async def _on_finished(self, event: dict[str, Any]) -> None:
        self._in_flight.discard(event["params"]["requestId"])

    async def _on_failed(self, event: dict[str, Any]) -> None:
        params = event["params"]
        self._in_flight.discard(params["requestId"])
        if not params.get("canceled"):
            url = self._urls.get(params["requestId"], "?")
            self.console_errors.append(f"failed to load {url}: {params['errorText']}")

    async def _command(self, method: str, params: dict[str, Any] | None = None) -> Any:
        response = await self._tab.send_command(method, params)
        if "error" in response:
            raise RuntimeError(f"{method}: {response['error']}")
        return response["result"]

    async def _evaluate(self, expression: str) -> Any:
        result = await self._command(
            "Runtime.evaluate",
            {"expression": expression, "returnByValue": True, "awaitPromise": True},
        )
        if "exceptionDetails" in result:
            details = result["exceptionDetails"]
            text = details.get("exception", {}).get("description") or details.get("text")
            raise PageScriptError(f"{expression!r} threw: {text}")
        return result["result"].get("value")

    async def _wait_for(self, expression: str, timeout: float) -> None:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while self._in_flight or not await self._evaluate(expression):
            if loop.time() > deadline:
                raise PageNotReady(
                    f"not true after {timeout:g} s: {expression}\n"
                    f"requests still loading: {sorted(self._urls[r] for r in self._in_flight)}\n"
                    f"console errors: {self.console_errors}\nrequests: {self.requests}"
                )
            await asyncio.sleep(0.02)

    async def _open(self, path: Path, wait_for_js: str | None, timeout: float) -> None:
        for domain in ("Page", "Runtime", "Log", "Network"):
            await self._command(f"{domain}.enable")
        await self._command(
            "Target.setAutoAttach",
            {"autoAttach": True, "waitForDebuggerOnStart": True, "flatten": True},
        )
        width, height = VIEWPORT
        await self._command(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
        )
        loaded = self._tab.subscribe_once("Page.loadEventFired")
        navigation = await self._command("Page.navigate", {"url": path.resolve().as_uri()})
        if navigation.get("errorText"):
            raise FileNotFoundError(f"{path}: {navigation['errorText']}")
        await asyncio.wait_for(loaded, timeout)
        await self._wait_for(READY_JS, timeout)
        if wait_for_js:
            await self._wait_for(wait_for_js, timeout)

    async def _report(self) -> PageReport:
        shot = await self._command("Page.captureScreenshot", {"format": "png"})
        png = base64.b64decode(shot["data"])
        total, rendered = await self._evaluate(PLOTLY_CHARTS_JS)
        return PageReport(
            console_errors=list(self.console_errors),
            failed_or_external_requests=list(self.requests),
            screenshot_png=png,
            blank=is_blank(png),
            plotly_charts=PlotlyCharts(total, rendered),
        )

    def evaluate(self, expression: str) -> Any:
        """Run a JavaScript expression (promises awaited) and return its JSON value."""
        return self._chromium.run(self._evaluate(expression))

    def wait_for(self, expression: str, timeout: float = 10.0) -> None:
        """Poll until the expression is truthy and no request is loading, or raise PageNotReady."""
        self._chromium.run(self._wait_for(expression, timeout))

    def plotly_charts(self) -> PlotlyCharts:
        """How many Plotly charts the page has, and how many drew a non-empty SVG."""
        return PlotlyCharts(*self.evaluate(PLOTLY_CHARTS_JS))

    def report(self) -> PageReport:
        """Errors and requests so far, with a fresh screenshot of the viewport."""
        return self._chromium.run(self._report())


class HeadlessChromium:
    """One Chromium for a whole test session; each page gets its own tab.

    choreographer is asyncio-only; its loop runs in a background thread so tests stay
    synchronous.
    """

    def __init__(self, path: str) -> None:
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._thread.start()
        self._browser = Browser(path, browser_cls=_OfflineChromium, enable_extensions=False)
        self.run(self._browser.open(), timeout=60)

    def run(self, coroutine: Any, timeout: float = 60) -> Any:
        """Run a coroutine on the browser's loop and wait for its result."""
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result(timeout)

    @contextmanager
    def open(
        self, path: Path, wait_for_js: str | None = None, timeout: float = 10.0
    ) -> Iterator[Page]:
        """Open a local file in a new tab, wait until it is ready, close the tab afterwards."""
        if not path.is_file():
            raise FileNotFoundError(path)
        tab = self.run(self._browser.create_tab("about:blank"))
        try:
            page = Page(self, tab)
            self.run(page._open(path, wait_for_js, timeout), timeout=3 * timeout)
            yield page
        finally:
            self.run(self._browser.close_tab(tab.target_id))

    def __call__(self, path: Path, wait_for_js: str | None = None) -> PageReport:
        """Open the page, wait until it is ready, and report what it showed and asked for."""
        with self.open(path, wait_for_js) as page:
            return page.report()

    def close(self) -> None:
        self.run(self._browser.close())
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=5)
