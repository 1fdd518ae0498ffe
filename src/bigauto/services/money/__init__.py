"""bigauto.services.money."""
