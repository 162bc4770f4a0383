"""Names for the files a selection is saved as, saying what they hold, so two downloads of
different views never overwrite each other: incidents_belgorod-oblast_2026-11-01_2026-11-30.csv,
chart_all-regions_2025-01-01_2025-12-31.png."""

from django.utils.timezone import localdate

# More regions or threat types than this are named by their number ("5-regions").
NAMED = 2


def _part(values, many):
    slugs = sorted(value.slug for value in values)
    if len(slugs) > NAMED:
        return f"{len(slugs)}-{many}"
    return "+".join(slugs)


def selection_filename(kind, filterset, first_day, last_day, extension):
    """`kind`, the regions (or all), the threat types if chosen, the range of days: what the
    file holds, in its name."""
    data = filterset.form.cleaned_data
    parts = [kind, _part(data.get("region") or [], "regions") or "all-regions"]
    if data.get("threat"):
        parts.append(_part(data["threat"], "threats"))
    if first_day:
        parts += [first_day.isoformat(), last_day.isoformat()]
    elif last_day:
        parts.append(f"until-{last_day.isoformat()}")
    return "_".join(parts) + "." + extension


def filter_filename(kind, filterset, extension):
    """The name of a download of the rows `filterset` selects: its own dates, or until today
    (a download of the whole record holds the record as of today)."""
    start, end = filterset.date_range
    return selection_filename(kind, filterset, start, end or localdate(), extension)
