"""bigauto.entrypoints.http.payments.routes."""
