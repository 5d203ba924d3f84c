"""Everything that knows about processes, pickling, caches and the garbage collector.

The rest of okrsite is plain, serial Python: stages are functions from data to
data. This package is the one boundary behind which speed lives:

- :mod:`.workers`: the process pool (fork server, preload, fallback in-process);
- :mod:`.drafting`: loading and drafting files in workers for big portals,
  with the serial path as the reference the tests compare it against;
- :mod:`.pickling`: compact reducers for the model's most numerous objects;
- :mod:`.collector`: pausing the cyclic garbage collector;
- :mod:`.seal`, :mod:`.pagecache`, :mod:`.textstore`, :mod:`.verdicts`: what is
  kept between processes (the manifest of incremental builds, rendered user text,
  the text checks' verdicts), sealed with a key the project does not hold.

The chart cache (:mod:`okrsite.charts.cache`) draws through :mod:`.workers`.
"""

from __future__ import annotations

from .collector import paused_collector, stop_collector
from .drafting import PARALLEL_FILES, draft_files, start_workers

__all__ = ["PARALLEL_FILES", "draft_files", "paused_collector", "start_workers", "stop_collector"]
