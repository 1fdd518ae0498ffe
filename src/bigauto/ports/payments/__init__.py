"""bigauto.ports.payments.gateway."""
