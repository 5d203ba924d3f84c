"""Charts are tested by their data, text and keys, never by pixels."""

from __future__ import annotations

import dataclasses
import hashlib
import math
import pickle
import subprocess
import sys
import xml.etree.ElementTree as ET
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from okrsite import charts
from okrsite.charts import (
    KpiChart,
    ProgressChart,
    Sparkline,
    alt_text,
    chart_key,
    draw,
    render_svg,
)
from okrsite.numbers import format_number
from okrsite.render.markup import fmt_number

SVG = "{http://www.w3.org/2000/svg}"


def weekly(n: int = 52, start: date = date(2025, 11, 3)) -> tuple[tuple[str, float | None], ...]:
    return tuple(
        ((start + timedelta(weeks=i)).isoformat(), 38_000.0 + 120 * i + (i % 5) * 300)
        for i in range(n)
    )


def kpi(**changes: object) -> KpiChart:
    chart = KpiChart(
        title="Monthly recurring revenue",
        unit="USD",
        points=(("2026-09-01", 43_000.0), ("2026-10-01", None), ("2026-11-01", 41_200.0)),
        targets=(("2026-01-01", 42_000.0), ("2026-10-01", 45_000.0)),
        warning=40_000.0,
        direction="higher",
        status="red",
    )
    return dataclasses.replace(chart, **changes)  # type: ignore[arg-type]


def progress(**changes: object) -> ProgressChart:
    chart = ProgressChart(
        title="Make onboarding delightful",
        start="2026-10-01",
        end="2026-12-31",
        as_of="2026-11-10",
        points=(("2026-10-05", 0.05), ("2026-10-20", 0.2), ("2026-11-03", 0.42)),
        pace=0.7,
        status="green",
    )
    return dataclasses.replace(chart, **changes)  # type: ignore[arg-type]


def spark(**changes: object) -> Sparkline:
    chart = Sparkline(points=weekly(), target=45_000.0, status="amber")
    return dataclasses.replace(chart, **changes)  # type: ignore[arg-type]


def parse(svg: bytes) -> ET.Element:
    return ET.fromstring(svg)


def texts(svg: bytes) -> list[str]:
    return ["".join(node.itertext()) for node in parse(svg).iter(f"{SVG}text")]


# --- colours (contrast: test_chart_colours.py) -------------------------------


@pytest.mark.parametrize("chart", [kpi(), progress(), spark()], ids=["kpi", "progress", "spark"])
def test_background_is_transparent(chart: charts.Chart) -> None:
    svg = render_svg(chart)
    assert b"#ffffff" not in svg.lower()
    assert b"#000000" not in svg


# --- determinism and keys ----------------------------------------------------


def test_same_chart_gives_identical_bytes() -> None:
    assert render_svg(kpi()) == render_svg(kpi())
    assert render_svg(progress()) == render_svg(progress())
    assert render_svg(spark()) == render_svg(spark())


def test_output_does_not_depend_on_what_was_drawn_before() -> None:
    # The figure is reused between renders: nothing may leak from one to the next.
    first = render_svg(kpi(points=weekly()))
    render_svg(progress())
    render_svg(kpi(points=(), title="empty"))
    render_svg(kpi(points=weekly(300)))
    render_svg(spark())
    assert render_svg(kpi(points=weekly())) == first


def test_same_bytes_in_a_fresh_process_without_pyplot() -> None:
    script = (
        "import hashlib, pickle, sys\n"
        "from okrsite.charts import render_svg\n"
        "charts = pickle.loads(sys.stdin.buffer.read())\n"
        "for chart in charts:\n"
        "    print(hashlib.sha256(render_svg(chart)).hexdigest())\n"
        "print('matplotlib.pyplot' in sys.modules)\n"
    )
    charts_ = [progress(), kpi(points=weekly()), spark()]
    done = subprocess.run(
        [sys.executable, "-c", script],
        input=pickle.dumps(charts_),
        capture_output=True,
        check=True,
    )
    *digests, pyplot_loaded = done.stdout.decode().split()
    assert digests == [hashlib.sha256(render_svg(chart)).hexdigest() for chart in charts_]
    assert pyplot_loaded == "False"


def test_charts_pickle_and_hash() -> None:
    chart = kpi()
    assert pickle.loads(pickle.dumps(chart)) == chart
    assert hash(chart) == hash(kpi())
    with pytest.raises(dataclasses.FrozenInstanceError):
        chart.title = "x"  # type: ignore[misc]


def test_key_is_a_sha256_hex_digest() -> None:
    key = chart_key(kpi())
    assert len(key) == 64 and set(key) <= set("0123456789abcdef")
    assert chart_key(kpi()) == key


@pytest.mark.parametrize(
    "changed",
    [
        kpi(points=(("2026-09-01", 43_000.0), ("2026-10-01", None), ("2026-11-01", 41_201.0))),
        kpi(points=(("2026-09-01", 43_000.0), ("2026-10-01", 1.0), ("2026-11-01", 41_200.0))),
        kpi(targets=(("2026-01-01", 42_000.0),)),
        kpi(warning=None),
        kpi(status="amber"),
        kpi(unit="EUR"),
        kpi(title="MRR"),
        kpi(direction="lower"),
    ],
)
def test_any_change_changes_the_key(changed: KpiChart) -> None:
    assert chart_key(changed) != chart_key(kpi())


def test_key_covers_the_renderer_version(monkeypatch: pytest.MonkeyPatch) -> None:
    before = chart_key(kpi())
    monkeypatch.setattr(charts.kinds, "RENDERER_VERSION", "test")
    assert chart_key(kpi()) != before


def test_key_tells_chart_kinds_apart() -> None:
    points = (("2026-01-01", 1.0),)
    assert chart_key(Sparkline(points=points, target=None, status="none")) != chart_key(
        Sparkline(points=points, target=None, status="no-data")
    )


# --- what the SVG says -------------------------------------------------------


def test_svg_title_is_the_alt_text() -> None:
    svg = render_svg(kpi())
    root = parse(svg)
    title = root.find(f"{SVG}title")
    assert title is not None
    assert title.text == alt_text(kpi())
    assert list(root)[0] is title  # first child: the SVG's accessible name


def test_kpi_alt_text_states_latest_value_status_and_target() -> None:
    assert alt_text(kpi()) == (
        "Monthly recurring revenue: latest 41,200 USD on 2026-11-01, status red (target 45,000 USD)"
    )


@pytest.mark.parametrize(
    ("chart", "expected"),
    [
        (kpi(points=()), "Monthly recurring revenue: no data"),
        (kpi(points=(("2026-11-01", None),)), "Monthly recurring revenue: no data"),
        (
            kpi(targets=(), status="none", unit=""),
            "Monthly recurring revenue: latest 41,200 on 2026-11-01, no target",
        ),
        (
            # The latest value is the last one that is not a gap.
            kpi(points=(("2026-09-01", 43_000.0), ("2026-11-01", None)), status="green"),
            "Monthly recurring revenue: latest 43,000 USD on 2026-09-01, "
            "status green (target 42,000 USD)",
        ),
        (
            kpi(unit="%", points=(("2026-11-01", 99.5),), targets=(("2026-01-01", 99.9),)),
            "Monthly recurring revenue: latest 99.5% on 2026-11-01, status red (target 99.9%)",
        ),
        (
            progress(),
            "Objective score 0.42 at 2026-11-10 against an expected 0.31, status green",
        ),
        (
            progress(points=(), status="red"),
            "No check-ins yet at 2026-11-10 against an expected 0.31, status red",
        ),
        (
            progress(as_of="2027-02-01", pace=1.0, status="red"),
            "Objective score 0.42 at 2027-02-01 against an expected 1.00, status red",
        ),
        (
            progress(as_of="2026-09-01", points=(), status="planned"),
            "Objective period starts 2026-10-01, status planned",
        ),
        (spark(), "latest 44,420 on 2026-10-26, status amber (target 45,000)"),
        (spark(points=()), "no data"),
    ],
)
def test_alt_text(chart: charts.Chart, expected: str) -> None:
    assert alt_text(chart) == expected


def latest_label(svg: bytes) -> str:
    group = next(g for g in parse(svg).iter(f"{SVG}g") if g.get("id") == "latest-value")
    return "".join(group.itertext()).strip()


def test_latest_value_is_annotated_with_its_unit() -> None:
    assert latest_label(render_svg(kpi())) == "41,200 USD"
    assert latest_label(render_svg(progress())) == "0.42"


def test_status_is_written_not_only_coloured() -> None:
    assert "status: red" in texts(render_svg(kpi()))
    assert "status: green" in texts(render_svg(progress()))
    assert "no target" in texts(render_svg(kpi(status="none")))


def test_text_stays_text_in_dejavu_sans() -> None:
    svg = render_svg(kpi())
    found = texts(svg)
    assert "Monthly recurring revenue" in found
    assert "USD" in found  # the y axis label
    assert "target" in found  # the dashed step line is named, not only drawn
    assert any(label in found for label in ("Oct", "Nov", "2026"))  # dates on the x axis
    assert b"DejaVu Sans" in svg
    assert b"<image" not in svg and b"@font-face" not in svg


def test_progress_chart_shows_pace_and_as_of() -> None:
    found = texts(render_svg(progress()))
    assert "expected" in found
    assert any("as of 2026-11-10" in text for text in found)
    assert {"0", "0.2", "0.4", "0.6", "0.8", "1.0"} <= set(found)


@pytest.mark.parametrize("field", ["title", "unit"])
def test_user_text_is_escaped(field: str) -> None:
    hostile = '<script>&"\x00\x1b'
    svg = render_svg(kpi(**{field: hostile}))
    assert b"<script" not in svg
    root = parse(svg)  # well-formed XML, despite the control characters
    assert any('<script>&"' in text for text in texts(svg))
    title = root.find(f"{SVG}title")
    assert title is not None and '<script>&"' in (title.text or "")


@pytest.mark.parametrize("unit", ["$", "USD $", "$x^2$", r"\frac{a}{b}", "%", "_{}"])
def test_dollar_and_tex_in_user_text_are_literal(unit: str) -> None:
    svg = render_svg(kpi(unit=unit, title=f"Cost {unit}"))
    expected = "41,200%" if unit == "%" else f"41,200 {unit}"
    assert latest_label(svg) == expected
    assert f"Cost {unit}" in texts(svg)


def test_glyphs_missing_from_dejavu_do_not_warn() -> None:
    # filterwarnings = error: a warning here would fail the test.
    svg = render_svg(kpi(title="月間売上 📈", unit="円"))
    assert "月間売上 📈" in texts(svg)


def test_long_title_is_shortened_on_the_chart_but_not_in_alt_text() -> None:
    title = "A" * 200
    svg = render_svg(kpi(title=title))
    assert not any(text.startswith("AAAA") and len(text) > 60 for text in texts(svg))
    assert alt_text(kpi(title=title)).startswith(title)


# --- odd data never raises ---------------------------------------------------

ODD_KPIS = {
    "no points": kpi(points=()),
    "all gaps": kpi(points=(("2026-01-01", None), ("2026-02-01", None))),
    "single point": kpi(points=(("2026-01-01", 5.0),)),
    "single point, no target": kpi(points=(("2026-01-01", 5.0),), targets=(), warning=None),
    "gap between": kpi(points=(("2026-01-01", 1.0), ("2026-02-01", None), ("2026-03-01", 2.0))),
    "identical values": kpi(points=(("2026-01-01", 5.0), ("2026-02-01", 5.0))),
    "all equal": kpi(points=(("2026-01-01", 5.0),), targets=(("2026-01-01", 5.0),), warning=5.0),
    "zero": kpi(points=(("2026-01-01", 0.0),), targets=(("2026-01-01", 0.0),)),
    "negative, lower is better": kpi(
        points=(("2026-01-01", -5.0), ("2026-01-02", -7.0)), direction="lower"
    ),
    "huge": kpi(points=(("2026-01-01", 1e300), ("2026-02-01", -1e300))),
    "max float": kpi(points=(("2026-01-01", 1.7e308), ("2026-02-01", -1.7e308))),
    "tiny": kpi(points=(("2026-01-01", 1e-300), ("2026-02-01", 2e-300)), targets=()),
    "nan and inf": kpi(
        points=(("2026-01-01", math.nan), ("2026-02-01", math.inf), ("2026-03-01", 3.0)),
        targets=(("2026-01-01", math.nan),),
        warning=-math.inf,
    ),
    "bad dates": kpi(points=(("2026-13-01", 1.0), ("soon", 2.0), ("0001-01-01", 3.0))),
    "unsorted": kpi(points=(("2026-03-01", 1.0), ("2026-01-01", 2.0))),
    "target in the future": kpi(targets=(("2030-01-01", 1.0),)),
    "warning on the wrong side": kpi(warning=50_000.0),
    "ten years daily": kpi(
        points=tuple(
            ((date(2016, 1, 1) + timedelta(days=i)).isoformat(), float(i % 97)) for i in range(3650)
        )
    ),
}
ODD_OTHERS = {
    "progress: no dates": progress(start="", end="", as_of="", points=()),
    "progress: reversed period": progress(start="2026-12-31", end="2026-01-01"),
    "progress: one-day period": progress(start="2026-01-01", end="2026-01-01", as_of="2026-01-01"),
    "progress: scores out of range": progress(points=(("2026-10-05", 1e300), ("2026-10-06", -3.0))),
    "progress: nan pace": progress(pace=math.nan),
    "progress: after the period": progress(as_of="2027-06-01"),
    "spark: empty": spark(points=()),
    "spark: one point": spark(points=(("2026-01-01", 1.0),), target=1.0),
    "spark: huge": spark(points=(("2026-01-01", 1e308), ("2026-01-02", -1e308)), target=1e308),
    "spark: gaps": spark(points=(("2026-01-01", None), ("2026-01-02", 1.0), ("2026-01-03", None))),
}


@pytest.mark.parametrize(
    "chart", [*ODD_KPIS.values(), *ODD_OTHERS.values()], ids=[*ODD_KPIS, *ODD_OTHERS]
)
def test_odd_data_renders_valid_svg(chart: charts.Chart) -> None:
    svg = render_svg(chart)
    parse(svg)
    assert alt_text(chart)
    assert render_svg(chart) == svg


def test_no_data_says_so() -> None:
    assert "no data" in texts(render_svg(kpi(points=())))


def test_huge_values_are_labelled_with_their_real_value() -> None:
    chart = kpi(points=(("2026-01-01", 1e300),), targets=())
    assert latest_label(render_svg(chart)) == "1e+300 USD"


dates = st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 1, 1)).map(date.isoformat)
values = st.one_of(st.none(), st.floats(allow_nan=True, allow_infinity=True))
texts_ = st.text(max_size=80)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    title=texts_,
    unit=texts_,
    points=st.lists(st.tuples(dates, values), max_size=30),
    targets=st.lists(st.tuples(dates, values), max_size=4),
    warning=values,
    direction=st.sampled_from(["higher", "lower", "sideways"]),
    status=st.sampled_from(["green", "amber", "red", "none", "no-data", "odd"]),
)
def test_any_kpi_chart_renders(
    title: str,
    unit: str,
    points: list[tuple[str, float | None]],
    targets: list[tuple[str, float | None]],
    warning: float | None,
    direction: str,
    status: str,
) -> None:
    chart = KpiChart(
        title=title,
        unit=unit,
        points=tuple(sorted(points, key=lambda point: point[0])),
        targets=tuple(sorted(targets, key=lambda point: point[0])),
        warning=warning,
        direction=direction,
        status=status,
    )
    parse(render_svg(chart))
    chart_key(chart)


# --- size --------------------------------------------------------------------


def test_svgs_are_small() -> None:
    assert len(render_svg(kpi(points=weekly(52)))) < 40_000
    assert len(render_svg(kpi(points=weekly(400)))) < 40_000  # no markers past 90 points
    assert len(render_svg(progress())) < 40_000
    assert len(render_svg(spark())) < 4_000


# --- number formatting ---------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (41_200.0, "41,200"),
        (41_200.4, "41,200"),
        (1_234_567.0, "1,234,567"),
        (99.5, "99.5"),
        (100.0, "100"),
        (3.14159, "3.14"),
        (12.0, "12"),
        (0.4234, "0.423"),
        (0.0, "0"),
        (-0.0, "0"),
        (-3.0, "-3"),
        (0.0001, "0.0001"),
        (0.0123, "0.0123"),
        (1e300, "1e+300"),
    ],
)
def test_format_number(value: float, text: str) -> None:
    """Charts and pages format numbers with the same function."""
    assert format_number(value) == text
    assert fmt_number(value) == text


@pytest.mark.parametrize(
    ("locs", "labels"),
    [
        ([0.0, 0.25, 0.5], ["0", "0.25", "0.50"]),
        ([38_000.0, 40_000.0, 42_000.0], ["38k", "40k", "42k"]),
        ([41_000.0, 41_500.0, 42_000.0], ["41.0k", "41.5k", "42.0k"]),
        ([0.0, 2e6, 4e6], ["0", "2M", "4M"]),
        ([-10.0, 0.0, 10.0], ["-10", "0", "10"]),
    ],
)
def test_tick_labels_are_compact_and_exact(locs: list[float], labels: list[str]) -> None:
    formatter = draw._NumberFormatter()
    assert formatter.format_ticks(locs) == labels
