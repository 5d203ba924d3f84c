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


def hold_the_heap() -> bool:
    """Move every object alive now out of the collector's sight, until :func:`release_the_heap`.

    Called once a build has loaded its portal: the model lives until the build ends, and
    each full collection of the build would scan all of it again (a rebuild of ``mkdocs
    serve`` at 1,000 objectives spent 0.2 s collecting, 0.04 s with the model held).
    Objects made later are collected as usual; those held are freed when nothing refers
    to them, as always, or by a collection after the release if they are in a cycle.

    Returns:
        Whether it held them: not if something else froze objects first (``gc.freeze``
        is one for the whole process, and is left as that caller set it).
    """
    if gc.get_freeze_count():
        return False
    gc.freeze()
    return True


def release_the_heap() -> None:
    """Give what :func:`hold_the_heap` held back to the collector."""
    gc.unfreeze()
