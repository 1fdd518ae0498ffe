"""bigauto.adapters.sql.payments."""
