"""The staff dashboard's charts (issue 14, point 8): participation in the newest plan over time, by
theme, channel, kind and kind of organisation; attendance per session; commitments by status.

Drawn here, on the server, as inline SVG: no chart service sees our data and no script runs (the
CSP forbids both). Every size is an SVG attribute (``width``, ``y``), never a ``style`` attribute,
which the strict CSP would block. The SVG is an image with a title and a description; the numbers
themselves are in a table beside it, for screen readers, keyboard users and anyone who wants the
exact figures.

Four queries whatever the amount of data: one grouped count of the contributions (the time,
channel, kind and organisation charts all come from it), one for their themes (a many-to-many that
would multiply the first), one for the sessions and one for the commitments.
"""

import datetime
from collections import Counter
from dataclasses import dataclass, field
from types import SimpleNamespace

from django.db.models import Count, DateField
from django.db.models.functions import Coalesce, TruncDate, TruncMonth
from django.template.loader import render_to_string
from django.utils import formats, timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from accounts.models import Organisation
from commitments.models import Commitment
from core.i18n import localized_value
from ideas.models import Idea
from sessions.models import Session

# Colours with at least 3:1 contrast against the white page they stand on (WCAG 2.1 1.4.11,
# graphical objects); bars of two series are separated by white, never adjacent. Colour is never
# the only cue (1.4.1): with two series each bar's number is written with its series' name. The
# text is the page's own text colour (over 4.5:1).
PRIMARY = "#154273"  # the Rijksoverheid blue, 10.2:1 on white
SECONDARY = "#a14a00"  # dark orange, 6.0:1 on white
TEXT = "#1a1a1a"

WIDTH = 480  # the drawing's width in SVG units; CSS scales it down on narrow screens
BAR_SPACE = 360  # the longest bar; the rest leaves room for its number
LABEL_HEIGHT = 18
BAR_HEIGHT = 14
BAR_GAP = 4
ROW_GAP = 8


@dataclass(frozen=True)
class Series:
    name: str
    fill: str


@dataclass(frozen=True)
class Row:
    label: str
    values: tuple[int, ...]


@dataclass
class Chart:
    slug: str
    title: str
    label_heading: str  # the heading of the table's first column
    series: list[Series]
    rows: list[Row]
    empty_text: str
    bars: list[dict] = field(default_factory=list)
    labels: list[dict] = field(default_factory=list)
    height: int = 0

    @property
    def is_empty(self) -> bool:
        return not any(value for row in self.rows for value in row.values)

    @property
    def description(self) -> str:
        """A sentence for the SVG's ``<desc>``: what is largest, and where the numbers are."""
        best_row, best = max(
            ((row, value) for row in self.rows for value in row.values), key=lambda pair: pair[1], default=(None, 0)
        )
        return _("Bar chart. The highest value is %(label)s: %(value)d. The numbers are in the table beside it.") % {
            "label": best_row.label if best_row else "",
            "value": best,
        }

    def layout(self) -> "Chart":
        """Place the labels and bars: each row a label line, then a bar per series. A bar's width is
        proportional to its value, the largest value of the chart filling ``BAR_SPACE``."""
        largest = max((value for row in self.rows for value in row.values), default=0) or 1
        y = 0
        for row in self.rows:
            self.labels.append({"y": y + LABEL_HEIGHT - 5, "text": row.label})
            y += LABEL_HEIGHT
            for series, value in zip(self.series, row.values, strict=True):
                width = round(value * BAR_SPACE / largest, 2)
                self.bars.append(
                    {
                        "y": y,
                        "width": width,
                        "height": BAR_HEIGHT,
                        "fill": series.fill,
                        "value": value,
                        "text_x": width + 6,
                        "text_y": y + BAR_HEIGHT - 2,
                        "series": series.name,
                        "text": f"{series.name}: {value}" if len(self.series) > 1 else str(value),
                        "label": row.label,
                    }
                )
                y += BAR_HEIGHT + BAR_GAP
            y += ROW_GAP
        self.height = y
        return self


def current_plan(plans):
    """The plan the figures are about: the newest (the dashboard lists the plans newest first)."""
    return max(plans, key=lambda plan: plan.number, default=None)


def _contributions(plan):
    # Rejected contributions (spam, abuse) and withdrawn ones are not participation; contributions
    # still awaiting moderation are.
    return Idea.objects.filter(plan=plan).exclude(status__in=[Idea.Status.REJECTED, Idea.Status.WITHDRAWN])


def _months(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    """Every month from first to last, so a month without contributions shows as zero."""
    months, month = [], first.replace(day=1)
    while month <= last:
        months.append(month)
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    return months


def participation_charts(plan) -> list[Chart]:
    """Over time, by channel, by kind, by kind of organisation: one grouped count."""
    rows = list(
        _contributions(plan)
        # The day it was received: entered ones carry it, online ones were received when submitted.
        .annotate(day=Coalesce("received_on", TruncDate("created_at"), output_field=DateField()))
        .annotate(month=TruncMonth("day", output_field=DateField()))
        .values("month", "channel", "kind", "organisation__kind")
        .annotate(n=Count("id"))
        .order_by()
    )
    by = {key: Counter() for key in ("month", "channel", "kind", "organisation__kind")}
    for row in rows:
        for key, counter in by.items():
            counter[row[key]] += row["n"]
    contributions = _("Contributions")
    series = [Series(contributions, PRIMARY)]
    empty = _("No contributions yet.")
    months = _months(min(by["month"]), max(by["month"])) if by["month"] else []
    no_organisation = _("No organisation")
    return [
        Chart(
            "over-time",
            _("Contributions per month"),
            _("Month"),
            series,
            [Row(formats.date_format(month, "YEAR_MONTH_FORMAT"), (by["month"][month],)) for month in months],
            empty,
        ),
        Chart(
            "channel",
            _("Contributions by channel"),
            _("Channel"),
            series,
            [Row(str(label), (by["channel"][value],)) for value, label in Idea.Channel.choices],
            empty,
        ),
        Chart(
            "kind",
            _("Contributions by kind"),
            _("Kind"),
            series,
            [Row(str(label), (by["kind"][value],)) for value, label in Idea.Kind.choices],
            empty,
        ),
        Chart(
            "organisation",
            _("Contributions by kind of organisation"),
            _("Kind of organisation"),
            series,
            [Row(str(label), (by["organisation__kind"][value],)) for value, label in Organisation.Kind.choices]
            + [Row(no_organisation, (by["organisation__kind"][None],))],
            empty,
        ),
    ]


def theme_chart(plan) -> Chart:
    """Per theme, most first; a contribution with two themes counts for both."""
    rows = (
        _contributions(plan)
        .filter(themes__isnull=False)
        .values("themes__name_nl", "themes__name_en")
        .annotate(n=Count("id", distinct=True))
        .order_by("-n", "themes__name_nl")
    )
    return Chart(
        "theme",
        _("Contributions by theme"),
        _("Theme"),
        [Series(_("Contributions"), PRIMARY)],
        [
            Row(
                localized_value(
                    SimpleNamespace(name_nl=row["themes__name_nl"], name_en=row["themes__name_en"]), "name"
                ),
                (row["n"],),
            )
            for row in rows
        ],
        _("No contributions with a theme yet."),
    )


def attendance_chart(plan) -> Chart:
    """Per session that was not cancelled: confirmed registrations against check-ins."""
    sessions = (
        Session.objects.filter(plan=plan)
        .exclude(status=Session.Status.CANCELLED)
        .with_counts()
        .order_by("starts_at", "pk")
    )
    return Chart(
        "attendance",
        _("Session attendance"),
        _("Session"),
        [Series(_("Registered"), PRIMARY), Series(_("Checked in"), SECONDARY)],
        [
            Row(
                f"{session.title} ({formats.date_format(timezone.localdate(session.starts_at), 'SHORT_DATE_FORMAT')})",
                (session.confirmed_count, session.checked_in_count),
            )
            for session in sessions
        ],
        _("No registrations for sessions yet."),
    )


def commitment_chart(plan) -> Chart:
    counts = dict(Commitment.objects.filter(plan=plan).values_list("status").annotate(n=Count("id")).order_by())
    return Chart(
        "commitments",
        _("Commitments by status"),
        _("Status"),
        [Series(_("Commitments"), PRIMARY)],
        [Row(str(label), (counts.get(value, 0),)) for value, label in Commitment.Status.choices],
        _("No commitments yet."),
    )


def dashboard_charts(plan) -> list[Chart]:
    charts = participation_charts(plan)
    charts.insert(1, theme_chart(plan))
    return [chart.layout() for chart in [*charts, attendance_chart(plan), commitment_chart(plan)]]


def render_charts(plans) -> list[str]:
    plan = current_plan(plans)
    if plan is None:
        return []
    html = render_to_string(
        "publication/charts/charts.html",
        {"plan": plan, "charts": dashboard_charts(plan), "width": WIDTH, "text_fill": TEXT},
    )
    return [SafeString(html)]
