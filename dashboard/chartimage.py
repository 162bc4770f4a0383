"""A chart as an image: laid out once, here, from the same series and words as the pages' chart
(dashboard/charts.py), then written as SVG (templates/dashboard/chart.svg) or drawn as PNG with
Pillow. Both carry the title, the axis titles, the legend and the source line inside the image,
so a picture of the chart that travels without its page still says what it shows and whose
claims they are.

Text is measured with the font the PNG is drawn with (DejaVu Sans, vendored: it has Cyrillic
for the Russian and Ukrainian interfaces, and the same metrics on every machine), so the SVG
wraps its lines where the PNG does.
"""

import io
import math
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from django.utils.formats import number_format
from PIL import Image, ImageDraw, ImageFont

from dashboard.charts import AVERAGE_LABELS, AXIS_TITLES, MEASURE_LABELS, tick_label
from dashboard.stats import NO_STATEMENT
from incidents.figures import NO_FIGURE

FONT = Path(__file__).resolve().parent / "fonts" / "DejaVuSans.ttf"
WIDTH, HEIGHT = 1200, 675  # 16:9, the shape social cards and slides take without cropping
PAD = 32
TITLE_SIZE, TEXT_SIZE, SMALL_SIZE = 30, 18, 16
INK, GREY, GRID, NO_FIGURE_INK, AVERAGE_INK = "#1f2328", "#57606a", "#d0d7de", "#8a1c1c", "#102a43"
# A period with no statement in the record (as the pages' chart marks it).
GAP_INK, GAP_BAND = "#8c959f", "#e8eaed"
# The pages' colours (static/js/charts.js), in the same order.
PALETTE = ["#0b5cad", "#d1495b", "#b07d18", "#00798c", "#6a4c93", "#6e7781"]
SINGLE = "#5b8fc7"
MAX_TICKS = 6


@cache
def font(size):
    return ImageFont.truetype(str(FONT), size)


def text_width(text, size):
    return font(size).getlength(text)


def wrap(text, size, width):
    """`text` in lines no wider than `width` pixels (a word longer than a line, such as an
    address, is cut where it overflows)."""
    lines, line = [], ""
    for word in text.split(" "):
        candidate = f"{line} {word}" if line else word
        if line and text_width(candidate, size) > width:
            lines.append(line)
            line = word
        else:
            line = candidate
        while text_width(line, size) > width and len(line) > 1:
            cut = len(line) - 1
            while cut > 1 and text_width(line[:cut], size) > width:
                cut -= 1
            lines.append(line[:cut])
            line = line[cut:]
    return [*lines, line] if line else lines


@dataclass(frozen=True)
class Text:
    x: float
    y: float  # the baseline
    text: str
    size: int = TEXT_SIZE
    fill: str = INK
    anchor: str = "start"  # as SVG's text-anchor: start, middle or end
    role: str = ""  # "title" or "source": what tests and readers look for


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    width: float
    height: float
    fill: str


@dataclass(frozen=True)
class Line:
    points: tuple  # ((x, y), ...)
    stroke: str
    width: float = 1

    @property
    def svg_points(self):
        return " ".join(f"{x:.1f},{y:.1f}" for x, y in self.points)


@dataclass
class Drawing:
    """Everything the image shows, in pixels of a WIDTH x HEIGHT canvas."""

    title: str
    description: str
    texts: list = field(default_factory=list)
    grid: list = field(default_factory=list)  # lines under the bars
    rects: list = field(default_factory=list)
    lines: list = field(default_factory=list)  # lines over them
    width: int = WIDTH
    height: int = HEIGHT


def nice_step(top, ticks=5):
    """A round step (1, 2 or 5 times a power of ten) that covers `top` in about `ticks` steps."""
    if top <= 0:
        return 1
    raw = top / ticks
    power = 10 ** math.floor(math.log10(raw))
    for multiple in (1, 2, 5, 10):
        if raw <= multiple * power:
            return max(1, int(multiple * power))
    return int(10 * power)


def _stacks(chart, series):
    """[(label, colour, values, without_figure)] of the bars, bottom to top."""
    measure = chart.measure
    if chart.split == "threat":
        return [
            (
                str(s.label),
                PALETTE[i % len(PALETTE)],
                getattr(s.counts, measure),
                s.counts.without_figure(),
            )
            for i, s in enumerate(series.by_threat)
        ]
    values = getattr(series.counts, measure)
    return [(str(MEASURE_LABELS[measure]), SINGLE, values, series.counts.without_figure())]


def _cross(x, y, r):
    """The mark of a period whose incidents gave no figure (as the pages' chart draws it)."""
    return [
        Line(((x - r, y - r), (x + r, y + r)), NO_FIGURE_INK, 2),
        Line(((x - r, y + r), (x + r, y - r)), NO_FIGURE_INK, 2),
    ]


def _gap(x0, x1, y):
    """The mark of a period with no statement in the record (as the pages' chart draws it)."""
    return Line(((x0, y), (x1, y)), GAP_INK, 3)


def layout(chart, series, source):
    """The Drawing of `chart` (a dashboard.charts.Chart) over `series`, with `source` (its source
    line) at the foot."""
    drawing = Drawing(title=chart.title, description=source)
    add = drawing.texts.append
    inner = WIDTH - 2 * PAD
    y = PAD
    for line in wrap(chart.title, TITLE_SIZE, inner):
        y += TITLE_SIZE + 6
        add(Text(PAD, y, line, TITLE_SIZE, role="title"))
    for line in wrap("; ".join(chart.notes), SMALL_SIZE, inner) if chart.notes else []:
        y += SMALL_SIZE + 6
        add(Text(PAD, y, line, SMALL_SIZE, GREY))

    # From the foot up: the source line, the legend, the x-axis title and tick labels.
    source_lines = wrap(source, SMALL_SIZE, inner)
    bottom = HEIGHT - PAD
    for n, line in enumerate(reversed(source_lines)):
        add(Text(PAD, bottom - n * (SMALL_SIZE + 6), line, SMALL_SIZE, GREY, role="source"))
    bottom -= len(source_lines) * (SMALL_SIZE + 6) + 10

    stacks = _stacks(chart, series)
    no_figure = (
        [value is None for value in series.counts.intercepted_or_none()]
        if chart.measure == "intercepted"
        else []
    )
    average = None
    if chart.average and series.periods:
        average = series.as_json()[f"{chart.measure}_average"]  # as the pages draw it
    unrecorded = series.unrecorded()
    legend = [(label, colour, "box") for label, colour, *_ in stacks] if len(stacks) > 1 else []
    if average:
        legend.append((str(AVERAGE_LABELS[series.grain]), AVERAGE_INK, "box"))
    if any(no_figure):
        legend.append((str(NO_FIGURE), NO_FIGURE_INK, "cross"))
    if any(unrecorded):
        legend.append((str(NO_STATEMENT), GAP_INK, "gap"))
    if legend:
        x = PAD
        for label, colour, mark in legend:
            if mark == "box":
                drawing.rects.append(Rect(x, bottom - 13, 14, 14, colour))
            elif mark == "cross":
                drawing.lines += _cross(x + 7, bottom - 6, 6)
            else:
                drawing.lines.append(_gap(x, x + 14, bottom - 6))
            add(Text(x + 20, bottom, label, SMALL_SIZE))
            x += 20 + text_width(label, SMALL_SIZE) + 24
        bottom -= SMALL_SIZE + 14
    add(Text(WIDTH / 2, bottom, str(AXIS_TITLES[series.grain]), SMALL_SIZE, GREY, "middle"))
    bottom -= SMALL_SIZE + 8
    tick_baseline = bottom
    bottom -= SMALL_SIZE + 8  # the plot's baseline

    # The y axis: its title above the plot, round gridlines, the largest stack on the scale.
    y += TEXT_SIZE + 16
    add(Text(PAD, y, str(MEASURE_LABELS[chart.measure]), SMALL_SIZE, GREY))
    top_y = y + 16
    totals = [sum(values[i] for _, _, values, _ in stacks) for i in range(len(series.periods))]
    top = max([*totals, *(a for a in average or [] if a is not None), 1])
    step = nice_step(top)
    scale_top = step * math.ceil(top / step)
    tick_values = range(0, scale_top + 1, step)
    labels = {value: number_format(value, force_grouping=True) for value in tick_values}
    left = PAD + 10 + max(text_width(label, SMALL_SIZE) for label in labels.values())
    right = WIDTH - PAD
    height = bottom - top_y

    def to_y(value):
        return bottom - height * value / scale_top

    for value in tick_values:
        ty = to_y(value)
        drawing.grid.append(Line(((left, ty), (right, ty)), GRID))
        add(Text(left - 8, ty + 5, labels[value], SMALL_SIZE, GREY, "end"))

    # Bars, a period each, stacked bottom to top.
    count = len(series.periods)
    slot = (right - left) / max(count, 1)
    bar = max(slot * 0.85, 1)
    for i in range(count):
        base = 0
        x = left + i * slot + (slot - bar) / 2
        if unrecorded[i]:
            # No statement in the record on any of its days: a band behind, as on the pages.
            drawing.rects.append(Rect(left + i * slot, top_y, slot, bottom - top_y, GAP_BAND))
        for _, colour, values, _ in stacks:
            if values[i]:
                bar_top = to_y(base + values[i])
                drawing.rects.append(Rect(x, bar_top, bar, to_y(base) - bar_top, colour))
                base += values[i]
        if no_figure and no_figure[i]:
            # A period whose incidents gave no figure: a cross on the axis, never a 0 bar.
            r = min(6, max(slot / 2, 3))
            drawing.lines += _cross(x + bar / 2, bottom - r, r)
        if unrecorded[i]:
            # No statement in the record on any of its days: a grey dash on the axis.
            drawing.lines.append(_gap(x, x + bar, bottom - 3))
    if average:
        run = []
        for i, value in enumerate([*average, None]):
            if value is None:
                if len(run) > 1:
                    drawing.lines.append(Line(tuple(run), AVERAGE_INK, 2.5))
                run = []
            else:
                run.append((left + (i + 0.5) * slot, to_y(value)))
    drawing.lines.append(Line(((left, bottom), (right, bottom)), INK))

    # Tick labels: at most MAX_TICKS periods, evenly spaced, the first and last among them.
    if count:
        shown = sorted({round(n * (count - 1) / (MAX_TICKS - 1)) for n in range(MAX_TICKS)})
        for n in shown:
            label = tick_label(series.periods[n], series.grain)
            x = left + (n + 0.5) * slot
            anchor = "start" if n == 0 and count > 1 else "end" if n == count - 1 else "middle"
            x = max(x, left) if anchor == "start" else min(x, right) if anchor == "end" else x
            add(Text(x, tick_baseline, label, SMALL_SIZE, GREY, anchor))
    return drawing


PIL_ANCHORS = {"start": "ls", "middle": "ms", "end": "rs"}


def png(drawing):
    """The drawing as PNG bytes."""
    image = Image.new("RGB", (drawing.width, drawing.height), "white")
    draw = ImageDraw.Draw(image)
    for line in drawing.grid:
        draw.line(line.points, fill=line.stroke, width=1)
    for rect in drawing.rects:
        if rect.height > 0:
            # A bar narrower than a pixel (a daily chart of years) is drawn one pixel wide.
            x0, y0 = rect.x, rect.y
            x1, y1 = max(x0, x0 + rect.width - 1), max(y0, y0 + rect.height - 1)
            draw.rectangle((x0, y0, x1, y1), fill=rect.fill)
    for line in drawing.lines:
        draw.line(line.points, fill=line.stroke, width=max(1, round(line.width)), joint="curve")
    for text in drawing.texts:
        draw.text(
            (text.x, text.y),
            text.text,
            fill=text.fill,
            font=font(text.size),
            anchor=PIL_ANCHORS[text.anchor],
        )
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
