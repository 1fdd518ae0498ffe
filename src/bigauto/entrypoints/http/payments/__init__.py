"""HTTP routes of payments: checkout, gateway notifications, the sandbox page."""
