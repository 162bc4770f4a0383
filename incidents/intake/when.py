"""When a statement counts: an explicit window ("с 20.00 до 23.00 мск"), a night ("в ночь на
3 мая"), a relative phrase ("прошедшей ночью", "overnight"), or else the post's own date, all
read in Moscow time. A window's end is the last such time not after the post; its start the last
such time before its end, so a window across midnight starts the day before."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

MOSCOW = ZoneInfo("Europe/Moscow")
# A post may go out a few minutes before the end of the window it reports.
EARLY_POST = timedelta(minutes=15)


@dataclass
class Clues:
    """What one sentence says about time."""

    window: tuple | None = None  # ((h, m, day, month) start, (h, m, day, month) end)
    night_of: tuple | None = None  # (day, month)
    offset: int | None = None  # days before the post's date


def _time(chunks, keep, i, hours=False):
    """(h, m) of a time token at chunk i, or None; with `hours`, a bare number too ("с 14 до
    18 часов": the window's end names the hours for both)."""
    if i < len(chunks) and chunks[i].has("time"):
        h, m = (int(x) for x in keep[chunks[i].start].norm.replace(":", ".").split("."))
        if h <= 24 and m < 60:
            return h % 24, m
    if hours and i < len(chunks) and chunks[i].has("number") and chunks[i].value("number") <= 24:
        return chunks[i].value("number") % 24, 0
    return None


def _hours_window(chunks, i):
    """Whether "from N to M" at chunk i is followed by an hours word ("с 14 до 18 часов")."""
    return (
        i + 4 < len(chunks)
        and chunks[i + 1].has("number")
        and chunks[i + 2].has("window_to")
        and chunks[i + 3].has("number")
        and chunks[i + 4].has("hours")
    )


def _day_month(chunks, i):
    """(day, month, next index) of 'D month', 'month D' or 'DD.MM.YYYY' at chunk i, else
    (None, None, i)."""
    if i < len(chunks) and chunks[i].has("date"):
        day, month = (int(x) for x in chunks[i].value("date").split(".")[:2])
        if 1 <= day <= 31 and 1 <= month <= 12:
            return day, month, i + 1
    if i + 1 < len(chunks) and chunks[i].has("number") and chunks[i + 1].has("month"):
        day = chunks[i].value("number")
        if 1 <= day <= 31:
            return day, chunks[i + 1].value("month"), i + 2
    if i + 1 < len(chunks) and chunks[i].has("month") and chunks[i + 1].has("number"):
        # "June 5", and "June 5-6": a night named by both its dates ends on the second
        day, j = chunks[i + 1].value("number"), i + 2
        if j + 1 < len(chunks) and chunks[j].has("dash") and chunks[j + 1].has("number"):
            day, j = chunks[j + 1].value("number"), j + 2
        if 1 <= day <= 31:
            return day, chunks[i].value("month"), j
    return None, None, i


def clues(chunks, keep):
    """The sentence's time clues, and the chunk indices they used."""
    found, used = Clues(), set()
    for i, c in enumerate(chunks):
        if c.has("window_from") and found.window is None:
            hours = _hours_window(chunks, i)
            start = _time(chunks, keep, i + 1, hours)
            j = i + 2
            if start is None:
                continue
            j += chunks[j].has("moscow_time") if j < len(chunks) else 0
            j += chunks[j].has("weekday") if j < len(chunks) else 0
            sd, sm, j = _day_month(chunks, j)
            if j < len(chunks) and chunks[j].has("window_to"):
                end = _time(chunks, keep, j + 1, hours)
                if end is not None:
                    k = j + 2 + hours
                    # "11 p.m. on Saturday and 7 a.m. on Sunday": the window's own times
                    # say which days (the end the last such time before the post)
                    k += chunks[k].has("weekday") if k < len(chunks) else 0
                    k += chunks[k].has("moscow_time") if k < len(chunks) else 0
                    ed, em, k = _day_month(chunks, k)
                    found.window = ((*start, sd, sm), (*end, ed, em))
                    used |= set(range(i, k))
        elif c.has("night_of") and found.night_of is None:
            d1, m1, j = _day_month(chunks, i + 1)
            # "в ночь с 2 на 3 мая": the night ends on the second date
            if (
                d1 is None
                and i + 2 < len(chunks)
                and chunks[i + 1].has("number")
                and chunks[i + 2].has("night_to")
            ):
                d1, m1, j = _day_month(chunks, i + 3)
            if d1 is not None:
                found.night_of = (d1, m1)
                used |= set(range(i, j))
        elif c.has("relative") and found.offset is None:
            found.offset = c.value("relative")
            used.add(i)
    return found, used


def _dated(day_month, default, post_day):
    """The date of 'D month' in the year that puts it on or before the post's date."""
    if day_month[0] is None:
        return default
    day, month = day_month
    try:
        candidate = date(post_day.year, month, day)
        return candidate if candidate <= post_day else date(post_day.year - 1, month, day)
    except ValueError:
        return default


def resolve(all_clues, published_at):
    """(date, window_start, window_end) for the statement from its sentences' clues."""
    posted = published_at.astimezone(MOSCOW)
    post_day = posted.date()
    window = next((c.window for c in all_clues if c.window), None)
    if window:
        (sh, sm, sd, smo), (eh, em, ed, emo) = window
        end_day = post_day
        if datetime.combine(end_day, time(eh, em), MOSCOW) > posted + EARLY_POST:
            end_day -= timedelta(days=1)
        end_day = _dated((ed, emo), end_day, post_day)
        end = datetime.combine(end_day, time(eh, em), MOSCOW)
        start_day = end_day if (sh, sm) < (eh, em) else end_day - timedelta(days=1)
        start_day = _dated((sd, smo), start_day, post_day)
        start = datetime.combine(start_day, time(sh, sm), MOSCOW)
        # The day of its last minute: a window "до 24.00" (00.00) counts on the day it closes.
        return (end - timedelta(minutes=1)).date(), start, end
    night = next((c.night_of for c in all_clues if c.night_of), None)
    if night:
        return _dated(night, post_day, post_day), None, None
    offset = next((c.offset for c in all_clues if c.offset is not None), 0)
    return post_day + timedelta(days=offset), None, None
