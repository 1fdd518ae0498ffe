"""bigauto.ports.runtime."""
