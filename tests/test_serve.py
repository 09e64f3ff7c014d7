"""`elextui serve` over HTTP and websockets: the page, the token, the Origin check, the
session cap, and that no app process outlives its tab or the server (real processes)."""

from __future__ import annotations

import asyncio
import json
import signal
import time

import pytest

pytest.importorskip("textual_serve")
pytest.importorskip("pyte")

import aiohttp  # noqa: E402
from servekit import (  # noqa: E402
    MINI,
    START_SECONDS,
    Screen,
    Server,
    alive,
    kill_leftovers,
    serving,
    wait_for,
)

from elextui.serve import is_loopback, needs_token  # noqa: E402

WIDTH, HEIGHT = 120, 36


async def open_tab(
    http: aiohttp.ClientSession, server: Server, origin: str | None = None
) -> aiohttp.ClientWebSocketResponse:
    """What the page's script does: open the websocket (with the token in its path)."""
    path = f"/ws/{server.token}" if server.token else "/ws"
    headers = {"Origin": origin or server.origin}
    ws = await http.ws_connect(
        f"{server.origin}{path}?width={WIDTH}&height={HEIGHT}", headers=headers
    )
    await ws.send_str(json.dumps(["resize", {"width": WIDTH, "height": HEIGHT}]))
    return ws


async def open_when_free(
    http: aiohttp.ClientSession, server: Server
) -> aiohttp.ClientWebSocketResponse:
    """Open a tab once the server has counted the last one out (503 until then)."""
    deadline = time.monotonic() + START_SECONDS
    while True:
        try:
            return await open_tab(http, server)
        except aiohttp.WSServerHandshakeError as err:
            if err.status != 503 or time.monotonic() > deadline:
                raise
            await asyncio.sleep(0.1)


async def read_until(ws: aiohttp.ClientWebSocketResponse, screen: Screen, text: str) -> bool:
    """Feed frames to the screen until `text` shows (or the bound passes)."""
    deadline = time.monotonic() + START_SECONDS
    while text not in screen.text and time.monotonic() < deadline:
        try:
            message = await ws.receive(timeout=1.0)
        except TimeoutError:
            continue
        if message.type == aiohttp.WSMsgType.BINARY:
            screen.feed(message.data)
        elif message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED):
            break
    return text in screen.text


def test_loopback_names() -> None:
    assert is_loopback("127.0.0.1") and is_loopback("127.0.0.2") and is_loopback("::1")
    assert is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.10")
    assert not is_loopback("example.org")
    assert not needs_token("127.0.0.1") and not needs_token("::1")
    assert needs_token("127.0.0.2") and needs_token("0.0.0.0") and needs_token("192.168.1.10")


async def test_a_tab_gets_the_board_and_its_app_ends_with_the_tab() -> None:
    with serving(str(MINI), "--paused") as server:
        async with aiohttp.ClientSession() as http:
            async with http.get(server.url) as page:
                assert page.status == 200
                body = await page.text()
            assert "googleapis" not in body and "https://" not in body
            assert 'src="/static/js/textual.js"' in body
            async with http.get(f"{server.origin}/static/js/textual.js") as script:
                assert script.status == 200
            ws = await open_tab(http, server)
            screen = Screen(WIDTH, HEIGHT)
            assert await read_until(ws, screen, "PAUSED"), screen.text
            assert "Scoreboard" in screen.text
            apps = server.apps()
            assert len(apps) == 1
            try:
                await ws.close()
                assert wait_for(lambda: not any(alive(pid) for pid in apps))
            finally:
                kill_leftovers(apps)


async def test_websocket_from_another_origin_or_host_is_refused() -> None:
    with serving(str(MINI), "--paused") as server:
        async with aiohttp.ClientSession() as http:
            with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                await open_tab(http, server, origin="http://evil.example")
            assert refused.value.status == 403
            rebound = {"Host": f"evil.example:{server.origin.rsplit(':', 1)[1]}"}
            async with http.get(server.url, headers=rebound) as page:
                assert page.status == 403
        assert server.apps() == []


async def test_off_loopback_every_request_needs_the_token() -> None:
    # Any address but 127.0.0.1/::1 counts as exposed: 127.0.0.2 tests it without a network.
    with serving(str(MINI), "--paused", "--host", "127.0.0.2") as server:
        assert server.token is not None and len(server.token) >= 16  # generated, printed
        async with aiohttp.ClientSession() as http:
            for path in ("/", "/static/js/textual.js", "/?token=" + "x" * 24):
                async with http.get(f"{server.origin}{path}") as page:
                    assert page.status == 403, path
            async with http.get(server.url) as page:
                assert page.status == 200
                assert f"/ws/{server.token}" in await page.text()
            with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                await http.ws_connect(f"{server.origin}/ws", headers={"Origin": server.origin})
            assert refused.value.status == 403
            ws = await open_tab(http, server)
            screen = Screen(WIDTH, HEIGHT)
            assert await read_until(ws, screen, "PAUSED"), screen.text
            await ws.close()


async def test_sessions_are_capped() -> None:
    with serving(str(MINI), "--paused", "--max-sessions", "1") as server:
        async with aiohttp.ClientSession() as http:
            first = await open_tab(http, server)
            assert await read_until(first, Screen(WIDTH, HEIGHT), "PAUSED")
            with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                await open_tab(http, server)
            assert refused.value.status == 503
            await first.close()
            assert wait_for(lambda: server.apps() == [])
            second = await open_when_free(http, server)
            assert await read_until(second, Screen(WIDTH, HEIGHT), "PAUSED")
            await second.close()


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGKILL], ids=["term", "kill"])
async def test_stopping_the_server_with_a_tab_open_leaves_no_app(sig: signal.Signals) -> None:
    with serving(str(MINI), "--paused") as server:
        async with aiohttp.ClientSession() as http:
            ws = await open_tab(http, server)
            assert await read_until(ws, Screen(WIDTH, HEIGHT), "PAUSED")
            apps = server.apps()
            assert len(apps) == 1
            try:
                server.process.send_signal(sig)
                server.process.wait(START_SECONDS)
                assert wait_for(lambda: not any(alive(pid) for pid in apps))
            finally:
                kill_leftovers(apps)
            await asyncio.wait_for(ws.close(), START_SECONDS)
