"""bigauto.entrypoints.http.identity.auth."""
