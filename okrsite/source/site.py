"""Where the goals are: ``DIR`` and ``-f mkdocs.yml`` resolved one way for every command.

A command names the goals folder (``DIR``), or the folder of ``mkdocs.yml``, or
nothing (then ``mkdocs.yml`` in the working folder). The plugin options come
from the ``mkdocs.yml`` that serves the goals folder, never from one that serves
another folder (checking ``/tmp/portal/goals`` from inside an unrelated
repository must not pick up that repository's ``as_of``). The one reader of
``mkdocs.yml`` is :func:`okrsite.options.read_site_config`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..options import Options, OptionsError, SiteConfig, options_from_mapping, read_site_config


@dataclass(frozen=True, slots=True)
class Target:
    """Where the goals are, how to show paths, and the options that apply.

    Attributes:
        docs_dir: the goals folder.
        root: finding paths are shown relative to it (the folder of mkdocs.yml,
            or the goals folder when it was named without one).
        options: the plugin options in force.
        site: what okrsite read from mkdocs.yml, if one applies.
    """

    docs_dir: Path
    root: Path
    options: Options
    site: SiteConfig | None


def locate_goals(directory: str | Path | None, config_file: str | Path | None) -> Target:
    """Resolve ``DIR`` and ``-f mkdocs.yml`` (SPEC section 10).

    Raises:
        OptionsError: a broken mkdocs.yml or options, no goals folder, or one
            that does not exist (a usage error for every command).
    """
    folder = Path(directory) if directory else None
    site: SiteConfig | None = None
    if config_file:
        site = read_site_config(Path(config_file))
    elif folder is not None and (folder / "mkdocs.yml").is_file():
        site = read_site_config(folder / "mkdocs.yml")
    elif folder is not None:
        site = owning_site(folder)
    elif Path("mkdocs.yml").is_file():
        site = read_site_config(Path("mkdocs.yml"))
    options = options_from_mapping(site.plugin if site else None)
    if folder is not None and not (site and folder == site.root):
        docs, root = folder, folder
    elif site is not None:
        docs, root = site.docs_dir, site.root
    else:
        raise OptionsError(
            "no mkdocs.yml in this folder: run okrsite where mkdocs.yml is, or name the goals "
            "folder (--dir goals/)"
        )
    if not docs.is_dir():
        raise OptionsError(f"goals folder '{docs}' does not exist")
    return Target(docs_dir=docs, root=root, options=options, site=site)


def owning_site(directory: Path) -> SiteConfig | None:
    """The mkdocs.yml whose docs_dir is ``directory``: in the working folder or beside it."""
    wanted = directory.resolve()
    for candidate in (Path("mkdocs.yml"), directory.parent / "mkdocs.yml"):
        if not candidate.is_file():
            continue
        try:
            site = read_site_config(candidate)
        except OptionsError:
            if candidate == Path("mkdocs.yml"):
                raise  # a broken mkdocs.yml where okrsite runs is worth a usage error
            continue
        if site.docs_dir.resolve() == wanted:
            return site
    return None
