"""The HTTP + WebSocket entry point (Litestar)."""

from bigauto.entrypoints.http.app import create_app

__all__ = ["create_app"]
