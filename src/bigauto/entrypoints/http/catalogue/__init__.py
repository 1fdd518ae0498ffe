"""bigauto.entrypoints.http.catalogue.master_data."""
