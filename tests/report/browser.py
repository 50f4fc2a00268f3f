"""A real headless Chromium for report tests, driven over the DevTools protocol on a pipe
(no network port, no extra package): one browser for all pages, screenshots and the DOM
after the report's own scripts ran."""

from __future__ import annotations

import base64
import fcntl
import io
import json
import os
import select
import shutil
import subprocess
import tempfile
import time

import numpy as np
from PIL import Image

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

# Offline and quiet: as root it needs --no-sandbox; the rest stop it reaching the network.
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-default-apps", "--hide-scrollbars", "--force-device-scale-factor=1"]


class Chromium:
    """`with Chromium() as browser: page = browser.open(url, 1400, 1500)`."""

    def __init__(self, timeout: float = 30):
        self.timeout = timeout
        self.profile = tempfile.mkdtemp(prefix="docai-chromium-")
        to_browser, self._write = os.pipe()
        self._read, from_browser = os.pipe()

        def wire_pipes() -> None:  # the protocol's fixed descriptors: 3 in, 4 out
            inbound = fcntl.fcntl(to_browser, fcntl.F_DUPFD, 10)
            outbound = fcntl.fcntl(from_browser, fcntl.F_DUPFD, 10)
            os.dup2(inbound, 3)
            os.dup2(outbound, 4)

        self.process = subprocess.Popen(
            [CHROMIUM, *FLAGS, "--remote-debugging-pipe", f"--user-data-dir={self.profile}",
             "about:blank"], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL, preexec_fn=wire_pipes, pass_fds=(3, 4))
        os.close(to_browser)
        os.close(from_browser)
        self._buffer = b""
        self._events: list[dict] = []
        self._next_id = 0

    def __enter__(self) -> Chromium:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def close(self) -> None:
        try:
            self.send("Browser.close")
        except Exception:
            pass
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        os.close(self._read)
        os.close(self._write)
        shutil.rmtree(self.profile, ignore_errors=True)

    def send(self, method: str, params: dict | None = None, session: str | None = None) -> dict:
        self._next_id += 1
        message = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._write, json.dumps(message).encode() + b"\0")
        while True:
            reply = self._receive()
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self._events.append(reply)

    def wait_event(self, method: str, session: str) -> dict:
        while True:
            for i, event in enumerate(self._events):
                if event.get("method") == method and event.get("sessionId") == session:
                    return self._events.pop(i)
            self._events.append(self._receive())

    def _receive(self) -> dict:
        deadline = time.monotonic() + self.timeout
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self._read], [], [], left)[0]:
                raise TimeoutError("no answer from chromium")
            chunk = os.read(self._read, 1 << 20)
            if not chunk:
                raise RuntimeError("chromium exited")
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(message)

    def open(self, url: str, width: int = 1400, height: int = 1500) -> Tab:
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.send("Target.attachToTarget",
                            {"targetId": target, "flatten": True})["sessionId"]
        self.send("Page.enable", session=session)
        self.send("Emulation.setDeviceMetricsOverride", {
            "width": width, "height": height, "deviceScaleFactor": 1, "mobile": False}, session)
        self.send("Page.navigate", {"url": url}, session)
        self.wait_event("Page.loadEventFired", session)
        return Tab(self, target, session)


class Tab:
    def __init__(self, browser: Chromium, target: str, session: str):
        self.browser, self.target, self.session = browser, target, session

    def evaluate(self, expression: str):
        result = self.browser.send("Runtime.evaluate", {
            "expression": expression, "returnByValue": True, "awaitPromise": True}, self.session)
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def dom(self) -> str:
        return self.evaluate("document.documentElement.outerHTML")

    def screenshot(self, png=None) -> np.ndarray:
        # Two animation frames first, so class changes made by scripts are painted.
        self.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
        data = base64.b64decode(self.browser.send(
            "Page.captureScreenshot", {"format": "png"}, self.session)["data"])
        if png is not None:
            png.parent.mkdir(parents=True, exist_ok=True)
            png.write_bytes(data)
        return np.asarray(Image.open(io.BytesIO(data)).convert("RGB")).astype(int)

    def close(self) -> None:
        self.browser.send("Target.closeTarget", {"targetId": self.target})


def colour_mask(pixels: np.ndarray, rgb: tuple[int, int, int], tolerance: int = 12) -> np.ndarray:
    return (np.abs(pixels - np.array(rgb)) <= tolerance).all(axis=2)


def bounding_box(mask: np.ndarray) -> tuple[int, int, int, int] | None:
    ys, xs = np.nonzero(mask)
    if not len(xs):
        return None
    return int(xs.min()), int(ys.min()), int(xs.max()), int(ys.max())


def page_frame(pixels: np.ndarray, border: tuple[int, int, int], min_run: int = 300):
    """The first page's drawing area inside its 1 px border: (left, top, right, bottom)."""
    mask = colour_mask(pixels, border, 6)
    columns = np.nonzero(mask.sum(axis=0) >= min_run)[0]
    rows = np.nonzero(mask.sum(axis=1) >= min_run)[0]
    assert len(columns) >= 2 and len(rows) >= 2, "page border not found in the screenshot"
    top = int(rows[0])
    bottom = int(next(r for r in rows if r - top > 100))
    return int(columns[0]) + 1, top + 1, int(columns[-1]), bottom
