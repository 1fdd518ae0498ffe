"""For users of the library: Hypothesis strategies, state machines, a fake Midtrans server."""
