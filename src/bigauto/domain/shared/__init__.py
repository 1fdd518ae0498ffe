"""The shared kernel: money, periods, events, errors, actors, the lifecycle engine."""
