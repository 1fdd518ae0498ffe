"""bigauto.ports.notifications.repositories."""
