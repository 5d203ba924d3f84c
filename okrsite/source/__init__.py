"""Reading the sources: files found, split and parsed, never judged.

- :mod:`.discover`: the team, objective and KPI pages under the goal folders;
- :mod:`.load`: a page -> front matter tree (with positions) and body; a CSV -> cells;
- :mod:`.tree` and :mod:`.plainyaml`: the located YAML tree and its fast reader.
"""
