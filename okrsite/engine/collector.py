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


def spare_the_last_pass() -> None:
    """The process is about to end: move every object out of the collector's sight.

    At exit Python runs the cyclic collector once more over the whole heap (a big
    portal's pages and model: a tenth of a second at M), to free memory the
    operating system takes back a moment later anyway.
    """
    gc.freeze()
