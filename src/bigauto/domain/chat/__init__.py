"""Chat: conversations between a buyer and a seller about a vehicle, and their messages."""
