"""What every context's services share: the settings machinery."""
