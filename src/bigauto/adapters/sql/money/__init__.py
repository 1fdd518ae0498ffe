"""bigauto.adapters.sql.money."""
