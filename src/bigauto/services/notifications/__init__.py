"""bigauto.services.notifications.inbox."""
