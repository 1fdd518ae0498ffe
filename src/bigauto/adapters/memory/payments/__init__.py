"""In-memory repositories of payments: payments, refunds, security incidents."""
