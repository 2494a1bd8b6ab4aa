"""The operator's HTTP endpoint (off unless ``RELEASEWATCH_HTTP`` or ``--http`` is set): ``/healthz``, ``/metrics``.

It runs on the bot's own event loop (aiohttp), so a stalled loop shows as a slow or missing
answer, which is what a monitor should see.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST

Health = Callable[[], Awaitable[tuple[bool, dict[str, Any]]]]
Scrape = Callable[[], Awaitable[bytes]]


class OpsServer:
    def __init__(self, host: str, port: int, health: Health, scrape: Scrape) -> None:
        self.host, self.port = host, port
        self._health, self._scrape = health, scrape
        app = web.Application()
        app.router.add_get("/healthz", self._healthz)
        app.router.add_get("/metrics", self._metrics)
        self._runner = web.AppRunner(app, access_log=None, handle_signals=False)

    async def start(self) -> None:
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        if self.port == 0:  # tests: the port the system chose
            self.port = self._runner.addresses[0][1]

    async def stop(self) -> None:
        await self._runner.cleanup()

    async def _healthz(self, request: web.Request) -> web.Response:
        ok, body = await self._health()
        return web.Response(
            text=json.dumps(body, ensure_ascii=False) + "\n", status=200 if ok else 503, content_type="application/json"
        )

    async def _metrics(self, request: web.Request) -> web.Response:
        body = await self._scrape()
        return web.Response(body=body, headers={"Content-Type": CONTENT_TYPE_LATEST})
