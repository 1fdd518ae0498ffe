"""bigauto.entrypoints.http.notifications.routes."""
