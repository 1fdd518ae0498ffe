"""Service routes: liveness, readiness and metrics."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Response, get
from litestar.datastructures import State

import bigauto
from bigauto.entrypoints.http.errors import Problem


class SystemController(Controller):
    """``/health`` says the process is up; ``/ready`` that every configured backend answers."""

    include_in_schema = True
    tags = ["service"]

    @get("/health", operation_id="health", summary="Liveness")
    async def health(self) -> dict[str, str]:
        return {"status": "healthy", "service": "bigauto", "version": bigauto.__version__}

    @get("/ready", operation_id="ready", summary="Readiness of every configured backend")
    async def ready(self, state: State) -> Response[dict[str, Any]]:
        results = await state.container.readiness().check()
        failed = {name: why for name, why in results.items() if why != "ok"}
        if failed:
            message = "not ready: " + ", ".join(sorted(failed))
            return Problem(503, "NOT_READY", message, {"checks": results}).response()
        return Response({"status": "ready", "checks": results})


__all__ = ["SystemController"]
