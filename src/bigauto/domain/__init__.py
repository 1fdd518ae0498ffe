"""The pure domain core: values, policies, state machines, the ledger. Stdlib and attrs only."""
