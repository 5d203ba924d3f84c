"""The goals the cadence works on, and how the published site addresses their pages.

The commands find the goals folder as ``okrsite check`` does
(:func:`okrsite.cli.goals.locate`) and hand it over as :class:`Goals`, which
runs the core's pipeline over it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..model import Portal
from ..options import Options, OptionsError, SiteConfig, resolve_as_of
from ..portal import build_portal
from ..sitemap import SiteMap, page_url


class CadenceError(Exception):
    """A command cannot do what was asked; ``exit_code`` 1 (refused) or 2 (usage)."""

    def __init__(self, message: str, exit_code: int = 1) -> None:
        super().__init__(message)
        self.exit_code = exit_code


@dataclass(frozen=True, slots=True, kw_only=True)
class Goals:
    """The goals folder, the folder paths are shown from, options and site addresses."""

    docs_dir: Path
    root: Path
    options: Options
    site_url: str | None = None
    directory_urls: bool = True

    @classmethod
    def of(cls, *, docs_dir: Path, root: Path, options: Options, site: SiteConfig | None) -> Goals:
        """The goals folder as ``okrsite.cli.goals.locate`` found it, with its site's URLs."""
        return cls(
            docs_dir=docs_dir,
            root=root,
            options=options,
            site_url=site.site_url if site else None,
            directory_urls=site.use_directory_urls if site else True,
        )

    def load(self, as_of: date | None = None) -> Portal:
        """The portal as ``okrsite check`` sees it, with ``as_of`` overriding the option."""
        try:
            return build_portal(self.docs_dir, self.options, as_of=as_of, root=self.root)
        except OptionsError as exc:
            raise CadenceError(str(exc), 2) from None

    def as_of(self, cli: date | None = None) -> date:
        """The as_of in force: ``cli``, the plugin option, ``SOURCE_DATE_EPOCH``, today."""
        try:
            return resolve_as_of(cli, self.options)
        except OptionsError as exc:
            raise CadenceError(str(exc), 2) from None

    @property
    def site_map(self) -> SiteMap:
        return SiteMap.from_options(self.options, directory_urls=self.directory_urls)

    def url(self, source: str) -> str | None:
        """The absolute URL of the page built from ``source`` (relative to docs_dir)."""
        if not self.site_url:
            return None
        return self.site_url.rstrip("/") + "/" + page_url(source, self.directory_urls)

    @property
    def home(self) -> str | None:
        return self.site_url.rstrip("/") + "/" if self.site_url else None

    def objective_url(self, objective_id: str) -> str | None:
        return self.url(self.site_map.objective(objective_id))

    def kpi_url(self, kpi_id: str) -> str | None:
        return self.url(self.site_map.kpi(kpi_id))

    def shown(self, path: Path) -> str:
        """``path`` as findings show it: relative to the folder of mkdocs.yml."""
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return str(path)


def parse_day(value: str, flag: str) -> date:
    """A ``YYYY-MM-DD`` option value; a usage error otherwise."""
    try:
        return date.fromisoformat(value.strip()) if len(value.strip()) == 10 else _bad(value, flag)
    except ValueError:
        return _bad(value, flag)


def _bad(value: str, flag: str) -> date:
    raise CadenceError(f"{flag} {value!r} is not a date; write YYYY-MM-DD", 2)
