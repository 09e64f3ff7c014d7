"""`elextui serve`: the app as a web page (textual-serve), one app process per browser tab.

Safe to put on a network at an event: loopback by default; elsewhere a secret token on
every request; the websocket's Origin must be the page's own; a cap on sessions; nothing
loaded from outside the server; and no app process outlives its tab or the server.
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import hmac
import html
import ipaddress
import json
import logging
import os
import secrets
import signal
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from urllib.parse import urlsplit

from aiohttp import WSMsgType, web
from textual_serve.app_service import AppService
from textual_serve.download_manager import DownloadManager

log = logging.getLogger("elextui.serve")

QUIT_SECONDS = 2.0
"""How long an app gets to quit by itself before its process group is killed."""
PR_SET_PDEATHSIG = 1
"""prctl option (Linux): the signal a process gets when its parent dies."""
STATIC = Path(str(files("textual_serve") / "static"))
"""textual-serve's page assets: its terminal script, stylesheet and bundled Roboto Mono."""
TEMPLATE = Path(__file__).parent / "web" / "index.html"


LOCAL_ONLY = ("127.0.0.1", "::1", "localhost")
"""The addresses served without a token; any other (even 127.0.0.2) needs one."""


def needs_token(host: str) -> bool:
    """Whether serving on `host` requires the secret token."""
    return host.strip("[]") not in LOCAL_ONLY


def is_loopback(host: str) -> bool:
    """Whether `host` is a loopback address (127.0.0.0/8, ::1) or `localhost`."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _die_with_parent() -> Callable[[], None] | None:
    """A pre-exec hook that makes the child get SIGKILL when the server dies (Linux)."""
    if not sys.platform.startswith("linux"):
        return None
    libc = ctypes.CDLL(None, use_errno=True)
    parent = os.getpid()

    def hook() -> None:
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        if os.getppid() != parent:  # the server died before prctl took effect
            os._exit(1)

    return hook


class AppProcess(AppService):
    """One tab's app: its own process group, killed with the server, stopped promptly."""

    def __init__(self, argv: Sequence[str], **kwargs: object) -> None:
        super().__init__(" ".join(argv), **kwargs)  # type: ignore[arg-type]
        self.argv = list(argv)

    @property
    def pid(self) -> int | None:
        """The app process's id, once started."""
        return self._process.pid if self._process is not None else None

    async def _open_app_process(
        self, width: int = 80, height: int = 24
    ) -> asyncio.subprocess.Process:
        """Start the app without a shell, in its own process group, tied to the server's life."""
        self._process = process = await asyncio.create_subprocess_exec(
            *self.argv,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            env=self._build_environment(width=width, height=height),
            start_new_session=True,
            preexec_fn=_die_with_parent(),
        )
        assert process.stdin is not None
        self._stdin = process.stdin
        return process

    async def run(self) -> None:
        """Pass the app's output on until it ends, then close the tab's websocket."""
        await super().run()
        with contextlib.suppress(Exception):
            await self.remote_close()

    async def stop(self) -> None:
        """Ask the app to quit; kill its process group if it has not within QUIT_SECONDS."""
        process = self._process
        if process is None:
            return
        if process.returncode is None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self.send_meta({"type": "quit"}), QUIT_SECONDS)
            try:
                await asyncio.wait_for(process.wait(), QUIT_SECONDS)
            except TimeoutError:
                kill_group(process.pid)
                await process.wait()
        if self._task is not None:
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None


def kill_group(pid: int) -> None:
    """SIGKILL a process group (an app and anything it started)."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGKILL)


@dataclass
class ServeConfig:
    """What to serve and how."""

    argv: list[str]
    """The app's command line (a replay or a follow in the web driver)."""
    host: str = "127.0.0.1"
    port: int = 8000
    token: str | None = None
    """Required on every request when set (always set off loopback)."""
    max_sessions: int = 8
    title: str = "elextui"
    on_ready: Callable[[str], None] = field(default=print)
    """Called with the page's URL once the server listens."""


class WebServer:
    """The aiohttp application: page, static files and one websocket per app session."""

    def __init__(self, config: ServeConfig) -> None:
        self.config = config
        self.sessions: dict[AppProcess, web.WebSocketResponse] = {}
        self.downloads = DownloadManager()
        self.started = time.monotonic()

    def make_app(self) -> web.Application:
        """Routes behind the host/token check."""
        app = web.Application(middlewares=[self.guard])
        app.add_routes(
            [
                web.get("/", self.index),
                web.get("/ws", self.websocket),
                web.get("/ws/{token}", self.websocket),
                web.static("/static", STATIC),
            ]
        )
        return app

    # -- checks -----------------------------------------------------------------

    def _host_allowed(self, request: web.Request) -> bool:
        """Without a token, only loopback host names (no DNS rebinding); else the token decides."""
        if self.config.token is not None:
            return True
        name = urlsplit(f"//{request.host}").hostname or ""
        return is_loopback(name)

    def _token_ok(self, request: web.Request) -> bool:
        expected = self.config.token
        if expected is None:
            return True
        given = request.match_info.get("token") or request.query.get("token") or ""
        return hmac.compare_digest(given.encode(), expected.encode())

    def _origin_ok(self, request: web.Request) -> bool:
        """A browser's websocket must come from this server's own page."""
        origin = request.headers.get("Origin")
        if origin is None:
            return False
        parts = urlsplit(origin)
        return parts.scheme in ("http", "https") and parts.netloc == request.host

    @web.middleware
    async def guard(
        self, request: web.Request, handler: Callable[[web.Request], object]
    ) -> web.StreamResponse:
        """Refuse foreign host names (on loopback) and requests without the token."""
        if not self._host_allowed(request):
            raise web.HTTPForbidden(text="unknown host name")
        if not self._token_ok(request):
            raise web.HTTPForbidden(text="this server needs its token: use the URL it printed")
        response = await handler(request)  # type: ignore[misc]
        assert isinstance(response, web.StreamResponse)
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        return response

    # -- handlers -----------------------------------------------------------------

    async def index(self, request: web.Request) -> web.Response:
        """The page: textual-serve's terminal, our template, no outside resource."""
        token = self.config.token
        query = f"?token={token}" if token else ""
        scheme = "wss" if request.secure else "ws"
        ws_path = f"/ws/{token}" if token else "/ws"
        font_size = request.query.get("fontsize", "16")
        page = TEMPLATE.read_text(encoding="utf-8")
        for key, value in {
            "TITLE": html.escape(self.config.title),
            "QUERY": html.escape(query),
            "WS_URL": html.escape(f"{scheme}://{request.host}{ws_path}"),
            "FONT_SIZE": str(int(font_size)) if font_size.isdigit() else "16",
        }.items():
            page = page.replace("{{" + key + "}}", value)
        headers = {
            "Content-Security-Policy": (
                "default-src 'self'; connect-src 'self' ws: wss:; img-src 'self' data:; "
                "style-src 'self' 'unsafe-inline'; script-src 'self' 'unsafe-inline'"
            ),
            "Cache-Control": "no-store",
        }
        return web.Response(text=page, content_type="text/html", headers=headers)

    async def websocket(self, request: web.Request) -> web.StreamResponse:
        """Start one app for this tab and pass bytes both ways until either side ends."""
        if not self._origin_ok(request):
            raise web.HTTPForbidden(text="websocket from another origin")
        if len(self.sessions) >= self.config.max_sessions:
            raise web.HTTPServiceUnavailable(
                text=f"all {self.config.max_sessions} sessions are in use: try again later"
            )
        socket = web.WebSocketResponse(heartbeat=15)
        await socket.prepare(request)
        width = _int(request.query.get("width"), 80)
        height = _int(request.query.get("height"), 24)
        service = AppProcess(
            self.config.argv,
            write_bytes=socket.send_bytes,
            write_str=socket.send_str,
            close=socket.close,
            download_manager=self.downloads,
        )
        self.sessions[service] = socket
        try:
            await service.start(width, height)
            log.info("session started: pid %s, %d open", service.pid, len(self.sessions))
            await self._relay(socket, service)
        finally:
            await service.stop()
            self.sessions.pop(service, None)
            log.info("session ended: pid %s, %d open", service.pid, len(self.sessions))
            await socket.close()
        return socket

    async def _relay(self, socket: web.WebSocketResponse, service: AppProcess) -> None:
        async for message in socket:
            if message.type != WSMsgType.TEXT:
                continue
            try:
                kind, data = json.loads(message.data)
            except (ValueError, TypeError):
                continue
            if kind == "stdin" and isinstance(data, str):
                await service.send_bytes(data.encode("utf-8"))
            elif kind == "resize" and isinstance(data, dict):
                await service.set_terminal_size(
                    _int(data.get("width"), 80), _int(data.get("height"), 24)
                )
            elif kind == "ping":
                await socket.send_json(["pong", data])
            elif kind == "blur":
                await service.blur()
            elif kind == "focus":
                await service.focus()

    async def stop_sessions(self) -> None:
        """End every session at once: apps quit (or are killed), sockets close."""
        services = list(self.sessions)
        await asyncio.gather(*(s.stop() for s in services), return_exceptions=True)
        sockets = [self.sessions.pop(s, None) for s in services]
        await asyncio.gather(
            *(s.close(code=1001) for s in sockets if s is not None), return_exceptions=True
        )


def _int(value: object, default: int) -> int:
    """A small positive integer from a query or message, else `default`."""
    try:
        number = int(str(value))
    except ValueError:
        return default
    return number if 0 < number <= 1000 else default


async def run_server(config: ServeConfig, stop: asyncio.Event | None = None) -> None:
    """Serve until SIGINT/SIGTERM (or `stop` is set); end every app before returning."""
    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, stop.set)
    server = WebServer(config)
    runner = web.AppRunner(server.make_app(), shutdown_timeout=1.0, access_log=None)
    await runner.setup()
    try:
        site = web.TCPSite(runner, config.host, config.port)
        await site.start()
        query = f"?token={config.token}" if config.token else ""
        host = f"[{config.host}]" if ":" in config.host else config.host
        port = runner.addresses[0][1] if runner.addresses else config.port  # --port 0: any
        config.on_ready(f"http://{host}:{port}/{query}")
        await stop.wait()
    finally:
        await server.stop_sessions()
        await runner.cleanup()


def serve(config: ServeConfig) -> int:
    """Run the server in its own event loop; return the exit status."""
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    asyncio.run(run_server(config))
    return 0


def new_token() -> str:
    """A secret for the page's URL."""
    return secrets.token_urlsafe(18)
