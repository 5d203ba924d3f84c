"""The MkDocs adapter: the only part of okrsite that imports MkDocs.

- :mod:`.plugin`: :class:`~okrsite.adapter.plugin.OkrsitePlugin`, hooks of a few lines each;
- :mod:`.config`: the plugin's typed options, turned into :class:`okrsite.options.Options`;
- :mod:`.watching`: ``mkdocs serve`` watching with the system's file events.
"""
