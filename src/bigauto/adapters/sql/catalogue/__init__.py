"""bigauto.adapters.sql.catalogue."""
