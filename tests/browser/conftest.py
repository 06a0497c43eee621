"""Browser tests: Playwright for Python driving Debian's Chromium against a real uvicorn server.

The server is `python -m app` in a subprocess on a free loopback port (one per session). Every test gets
a fresh page whose console errors and page errors are collected; any one fails the test.

Without /usr/bin/chromium the tests are skipped with a message saying how to enable them, except when
CI=true: there a missing browser is a failure, never a skip.
"""
from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "screenshots"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
VIEWPORT = {"width": 1600, "height": 900}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)


def _require_browser() -> None:
    if CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK):
        return
    message = (f"{CHROMIUM} is missing: the browser tests need Debian's Chromium "
               "(enable them with `apt-get install -y chromium`)")
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true and {message}", pytrace=False)
    pytest.skip(message)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A real server: `python -m app` on a free loopback port; yields its base URL."""
    _require_browser()
    port = _free_port()
    log = open(tmp_path_factory.mktemp("server") / "server.log", "w")
    process = subprocess.Popen(
        [sys.executable, "-m", "app", "--host", "127.0.0.1", "--port", str(port)],
        cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        if process.poll() is not None:
            pytest.fail(f"the server exited with code {process.returncode} before answering (log: {log.name})", pytrace=False)
        try:
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline:
            process.kill()
            pytest.fail("the server did not answer /healthz within 30 s", pytrace=False)
        time.sleep(0.1)
    yield base
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
    log.close()


@pytest.fixture(scope="session")
def api(server: str) -> httpx.Client:
    """An HTTP client on the same server, to fetch what the page should be showing."""
    with httpx.Client(base_url=server, timeout=30) as client:
        yield client


@pytest.fixture(scope="session")
def browser(server: str):
    _require_browser()
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@dataclass
class Explorer:
    """A page of the explorer, with the console errors and page errors it produced."""
    page: object
    base: str
    errors: list[str] = field(default_factory=list)
    allowed: list[re.Pattern] = field(default_factory=list)

    def allow(self, pattern: str) -> None:
        """Expect console errors matching `pattern` (the browser logs each 4xx response as an error)."""
        self.allowed.append(re.compile(pattern))

    def open(self, query: str = "") -> None:
        self.page.goto(f"{self.base}/{query}")
        self.wait_for_trace()

    def wait_for_trace(self) -> None:
        self.page.wait_for_selector("body.has-trace")
        self.page.wait_for_function("() => !document.body.classList.contains('is-busy')")

    def text(self, selector: str) -> str:
        """The element's text as a reader gets it: each typeset formula as its plain-text form (data-text)."""
        return self.page.eval_on_selector(selector, """(element) => {
            const copy = element.cloneNode(true);
            for (const math of copy.querySelectorAll(".tex")) math.replaceWith(math.dataset.text);
            document.body.append(copy);
            const text = copy.innerText;
            copy.remove();
            return text;
        }""")

    def unexpected_errors(self) -> list[str]:
        return [error for error in self.errors if not any(p.search(error) for p in self.allowed)]

    def screenshot(self, name: str) -> Path:
        SCREENSHOTS.mkdir(exist_ok=True)
        path = SCREENSHOTS / name
        self.page.screenshot(path=str(path))
        return path

    # -- reading the page ---------------------------------------------------------------------------
    def step(self) -> tuple[int, int]:
        text = self.page.inner_text("[data-testid=step-count]")
        match = re.fullmatch(r"step (\d+) of (\d+)", text.strip())
        assert match, text
        return int(match[1]), int(match[2])

    def node_states(self) -> list[dict[str, str]]:
        """Each node's state at the current step, as the graph shows it (data-* attributes)."""
        return self.page.eval_on_selector_all(
            ".node", "nodes => nodes.map(n => ({id: n.dataset.node, value: n.dataset.value, "
                     "tangent: n.dataset.tangent, adjoint: n.dataset.adjoint, classes: n.getAttribute('class')}))")


@pytest.fixture
def explorer(browser, server: str, request):
    """A fresh page at 1600 x 900; fails the test on any console error or page error."""
    context = browser.new_context(viewport=VIEWPORT, accept_downloads=True, reduced_motion="no-preference")
    page = context.new_page()
    page.set_default_timeout(15_000)
    explorer = Explorer(page, server)
    page.on("console", lambda message: message.type == "error" and explorer.errors.append(f"console: {message.text}"))
    page.on("pageerror", lambda error: explorer.errors.append(f"page error: {error}"))
    yield explorer
    context.close()
    unexpected = explorer.unexpected_errors()
    assert not unexpected, f"the page logged errors: {unexpected}"
