"""Service routes: liveness, readiness and metrics."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Response, get
from litestar.datastructures import State

import bigauto
from bigauto.entrypoints.http.contract import View
from bigauto.entrypoints.http.errors import Problem


class Health(View):
    """The process is up."""

    status: str
    service: str
    version: str


class Readiness(View):
    """Every configured backend answers: ``checks`` maps each to ``"ok"``."""

    status: str
    checks: dict[str, str]


class SystemController(Controller):
    """``/health`` says the process is up; ``/ready`` that every configured backend answers."""

    include_in_schema = True
    tags = ["system"]

    @get("/health", operation_id="health", summary="Liveness")
    async def health(self) -> Health:
        return Health(status="healthy", service="bigauto", version=bigauto.__version__)

    @get(
        "/ready",
        operation_id="ready",
        summary="Readiness of every configured backend (503 NOT_READY naming those that fail)",
    )
    async def ready(self, state: State) -> Response[Readiness]:
        results = await state.container.readiness().check()
        failed = {name: why for name, why in results.items() if why != "ok"}
        if failed:
            message = "not ready: " + ", ".join(sorted(failed))
            problem: Response[Any] = Problem(
                503, "NOT_READY", message, {"checks": results}
            ).response()
            return problem
        return Response(Readiness(status="ready", checks=results))


__all__ = ["SystemController"]
