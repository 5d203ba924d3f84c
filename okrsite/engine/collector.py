"""The cyclic garbage collector, paused where it only costs time.

Loading a portal makes millions of small, acyclic objects; the collector would
rescan them again and again (a third of the time of a 10,000-objective portal)
and find nothing to free. This is the one module that touches :mod:`gc`.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_collector() -> Iterator[None]:
    """Run the body with the cyclic collector off; its previous state is restored."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def stop_collector() -> None:
    """Turn the collector off for the rest of a short-lived process (the ``okrsite`` program)."""
    gc.disable()
