"""HTTP routes and the WebSocket of chat."""
