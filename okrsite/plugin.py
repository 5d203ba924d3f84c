"""The entry point MkDocs (and ProperDocs) load: ``okrsite.plugin:OkrsitePlugin``."""

from okrsite.adapter.plugin import OkrsitePlugin as OkrsitePlugin
