"""bigauto.adapters.sql.notifications."""
