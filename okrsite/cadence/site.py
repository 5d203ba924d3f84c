"""Where the goals are and how the published site addresses their pages.

The commands of this package find the goals folder as ``okrsite check`` does
(``[DIR]``, else ``docs_dir`` of ``mkdocs.yml``), read the plugin options from
that file, and run the core's pipeline over it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..model import Portal
from ..options import (
    Options,
    OptionsError,
    SiteConfig,
    options_from_mapping,
    read_site_config,
    resolve_as_of,
)
from ..portal import build_portal
from ..render.links import SiteMap, page_url


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


def find_goals(directory: str | Path | None, config_file: str | Path | None = None) -> Goals:
    """Resolve ``[DIR] [-f mkdocs.yml]`` as ``okrsite check`` does.

    Raises:
        CadenceError: no goals folder, or a broken mkdocs.yml (exit code 2).
    """
    folder = Path(directory) if directory else None
    try:
        site: SiteConfig | None = None
        if config_file:
            site = read_site_config(Path(config_file))
        elif folder is not None and (folder / "mkdocs.yml").is_file():
            site = read_site_config(folder / "mkdocs.yml")
        elif folder is not None:
            site = _owning_site(folder)
        elif Path("mkdocs.yml").is_file():
            site = read_site_config(Path("mkdocs.yml"))
        options = options_from_mapping(site.plugin if site else None)
    except OptionsError as exc:
        raise CadenceError(str(exc), 2) from None
    if folder is not None and not (site and folder == site.root):
        docs, root = folder, folder
    elif site is not None:
        docs, root = site.docs_dir, site.root
    else:
        raise CadenceError(
            "no mkdocs.yml in this folder: run okrsite where mkdocs.yml is, or pass the goals "
            "folder",
            2,
        )
    if not docs.is_dir():
        raise CadenceError(f"goals folder '{docs}' does not exist", 2)
    return Goals(
        docs_dir=docs,
        root=root,
        options=options,
        site_url=site.site_url if site else None,
        directory_urls=site.use_directory_urls if site else True,
    )


def _owning_site(directory: Path) -> SiteConfig | None:
    """The mkdocs.yml whose docs_dir is ``directory`` (in the working folder or beside it)."""
    wanted = directory.resolve()
    for candidate in (Path("mkdocs.yml"), directory.parent / "mkdocs.yml"):
        if not candidate.is_file():
            continue
        try:
            site = read_site_config(candidate)
        except OptionsError:
            continue
        if site.docs_dir.resolve() == wanted:
            return site
    return None


def parse_day(value: str, flag: str) -> date:
    """A ``YYYY-MM-DD`` option value; a usage error otherwise."""
    try:
        return date.fromisoformat(value.strip()) if len(value.strip()) == 10 else _bad(value, flag)
    except ValueError:
        return _bad(value, flag)


def _bad(value: str, flag: str) -> date:
    raise CadenceError(f"{flag} {value!r} is not a date; write YYYY-MM-DD", 2)
