"""bigauto.ports.money."""
