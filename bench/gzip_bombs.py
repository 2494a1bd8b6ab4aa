"""Memory while eight feeds answer with gzip bombs at once (1 MB that inflates to 1 GB each).

Run: .venv/bin/python bench/gzip_bombs.py [--feeds 8] [--gigabytes 1]

A separate process serves the bombs on 127.0.0.1 (so that building them costs this process
nothing); this process fetches all of them at once with the bot's own ``fetch``, and prints
its resident memory before and at its peak, and what each fetch returned.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import multiprocessing
import resource
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from multiprocessing.connection import Connection

from bot.pipeline.poll import fetch, make_client


def serve(gigabytes: float, ready: Connection) -> None:
    pack = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    chunk = b"\0" * (1 << 20)
    bomb = b"".join(pack.compress(chunk) for _ in range(int(gigabytes * 1024))) + pack.flush()

    class Bomb(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(bomb)))
            self.end_headers()
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the client hung up at its cap
                self.wfile.write(bomb)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Bomb)
    ready.send((server.server_address[1], len(bomb)))
    server.serve_forever()


def rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * 4096 / 2**20


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--feeds", type=int, default=8)
    parser.add_argument("--gigabytes", type=float, default=1.0, help="what each bomb inflates to")
    args = parser.parse_args()
    here, there = multiprocessing.Pipe()
    server = multiprocessing.Process(target=serve, args=(args.gigabytes, there), daemon=True)
    server.start()
    port, size = here.recv()
    async with make_client() as client:
        await fetch(client, f"http://127.0.0.1:{port}/warm-up", None, None, max_body=1)  # load what fetch needs
        before = rss_mb()
        results = await asyncio.gather(
            *(fetch(client, f"http://127.0.0.1:{port}/{n}", None, None) for n in range(args.feeds))
        )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    server.terminate()
    print(f"{args.feeds} feeds, each {size / 2**20:.1f} MB inflating to {args.gigabytes:g} GB: "
          f"resident memory {before:.0f} MB before, peak {peak:.0f} MB (+{peak - before:.0f} MB)")  # fmt: skip
    print("results:", sorted({str(r) for r in results}))


if __name__ == "__main__":
    asyncio.run(main())
