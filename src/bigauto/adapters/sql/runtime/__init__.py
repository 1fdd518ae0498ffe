"""bigauto.adapters.sql.runtime."""
