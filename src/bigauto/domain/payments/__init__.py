"""bigauto.domain.payments.midtrans_notifications."""
