"""bigauto.services.payments.gateway_notifications."""
