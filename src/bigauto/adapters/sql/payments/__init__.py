"""SQL tables and repositories of payments: payments, refunds, security incidents."""
