"""Local fake servers that speak Cloudinary's and Nominatim's documented wire formats.

Each is a small Litestar app served by uvicorn on a free port of 127.0.0.1 for one test, so
the adapters are exercised over real HTTP.
"""

from __future__ import annotations

import asyncio
import hashlib
import threading
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import uvicorn
from litestar import Litestar, Request, Response, get, post
from litestar.datastructures import UploadFile


@asynccontextmanager
async def serving(app: Litestar) -> AsyncIterator[str]:
    """Serve ``app`` on a free local port, in a thread of its own; answer its base URL.

    A thread (not a task on the test's loop) so that the fake keeps answering while the test's
    loop waits on something blocking, such as Litestar's test client driving another app.
    """
    config = uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="fake-server", daemon=True)
    thread.start()
    while not server.started:
        if not thread.is_alive():
            raise RuntimeError("the fake server did not start")
        await asyncio.sleep(0.01)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await asyncio.to_thread(thread.join, 5)


class FakeCloudinary:
    """Checks each request's signature exactly as Cloudinary documents it, then stores files."""

    def __init__(self, cloud: str, api_key: str, api_secret: str) -> None:
        self.cloud, self.api_key, self.api_secret = cloud, api_key, api_secret
        self.files: dict[str, bytes] = {}
        self.requests: list[dict[str, str]] = []
        self.counter = 0

    def expected_signature(self, params: dict[str, str]) -> str:
        # Documented: every parameter but file, cloud_name, resource_type and api_key (and the
        # signature itself), sorted, "k=v" joined by "&", the API secret appended, SHA-1 hex.
        excluded = {"file", "cloud_name", "resource_type", "api_key", "signature"}
        signed = sorted((k, v) for k, v in params.items() if k not in excluded)
        text = "&".join(f"{k}={v}" for k, v in signed) + self.api_secret
        return hashlib.sha1(text.encode()).hexdigest()

    def _refusal(self, params: dict[str, str]) -> Response[Any] | None:
        if params.get("api_key") != self.api_key:
            return Response({"error": {"message": "Unknown API key"}}, status_code=401)
        if params.get("signature") != self.expected_signature(params):
            return Response({"error": {"message": "Invalid Signature"}}, status_code=401)
        if abs(time.time() - int(params.get("timestamp", "0"))) > 3600:
            return Response({"error": {"message": "Stale request"}}, status_code=400)
        return None

    def app(self) -> Litestar:
        fake = self

        @post("/v1_1/{cloud:str}/image/upload", status_code=200)
        async def upload(request: Request[Any, Any, Any], cloud: str) -> Response[Any]:
            form = await request.form()
            params = {k: v for k, v in form.items() if isinstance(v, str)}
            fake.requests.append(params)
            refused = fake._refusal(params)
            if refused is not None or cloud != fake.cloud:
                return refused or Response({"error": {"message": "no cloud"}}, status_code=404)
            file = form.get("file")
            assert isinstance(file, UploadFile)
            fake.counter += 1
            public_id = f"{params.get('folder', '')}/photo{fake.counter}".lstrip("/")
            fake.files[public_id] = await file.read()
            url = f"https://res.cloudinary.com/{cloud}/image/upload/v1700000000/{public_id}.jpg"
            return Response(
                {
                    "public_id": public_id,
                    "version": 1700000000,
                    "format": "jpg",
                    "bytes": len(fake.files[public_id]),
                    "url": url.replace("https://", "http://"),
                    "secure_url": url,
                }
            )

        @post("/v1_1/{cloud:str}/image/destroy", status_code=200)
        async def destroy(request: Request[Any, Any, Any], cloud: str) -> Response[Any]:
            form = await request.form()
            params = {k: v for k, v in form.items() if isinstance(v, str)}
            fake.requests.append(params)
            refused = fake._refusal(params)
            if refused is not None:
                return refused
            gone = fake.files.pop(params["public_id"], None)
            return Response({"result": "ok" if gone is not None else "not found"})

        return Litestar([upload, destroy])


class FakeNominatim:
    """Answers /search like Nominatim (jsonv2), remembering when and how it was asked."""

    def __init__(self, places: dict[str, tuple[str, str]]) -> None:
        self.places = places
        self.calls: list[tuple[float, dict[str, str], str]] = []

    def app(self) -> Litestar:
        fake = self

        @get("/search")
        async def search(request: Request[Any, Any, Any]) -> Response[Any]:
            params = dict(request.query_params)
            fake.calls.append((time.monotonic(), params, request.headers.get("user-agent", "")))
            if params.get("format") != "jsonv2":
                return Response({"error": "format"}, status_code=400)
            query = params.get("q", "").lower()
            if "boom" in query:
                return Response("overloaded", status_code=503)
            for word, (lat, lon) in fake.places.items():
                if word in query:
                    return Response(
                        [{"place_id": 1, "lat": lat, "lon": lon, "display_name": word.title()}]
                    )
            return Response([])

        return Litestar([search])
