"""bigauto.adapters.sql.chat."""
