"""bigauto.entrypoints.http.money.routes."""
