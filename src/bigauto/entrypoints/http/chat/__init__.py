"""bigauto.entrypoints.http.chat.routes."""
