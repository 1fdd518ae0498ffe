"""bigauto.adapters.sql.identity."""
