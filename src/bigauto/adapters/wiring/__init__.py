"""Each context's dependency-injector providers, composed by ``bigauto.container``.

``shared`` holds the long-lived clients every context uses; ``<context>.py`` picks the adapters
for that context's ports from its settings section, builds its services, and declares what it
adds to the worker (``WorkerParts``). ``resources`` makes clients that are closed at shutdown.
"""
