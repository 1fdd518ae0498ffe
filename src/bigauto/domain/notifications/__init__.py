"""bigauto.domain.notifications.inbox."""
