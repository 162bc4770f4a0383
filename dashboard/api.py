"""Read-only JSON API for researchers, over the same FilterSet as the pages and exports.

Cursor pagination keeps every page as fast as the first, however deep a client reads.
"""

import datetime as dt
import re

from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import generics, serializers, viewsets
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import CursorPagination
from rest_framework.response import Response

from dashboard import httpcache
from dashboard.filters import FILTER_READS, IncidentFilter
from dashboard.freshness import public_http
from dashboard.parameters import DIGITS
from dashboard.query import Reads
from incidents.limits import ID
from incidents.models import Citation, Incident, Region, Statement, StatementTotal


class RegionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Region
        fields = ["name", "name_ru", "slug", "iso_code", "kind"]


class CitationSerializer(serializers.ModelSerializer):
    source = serializers.CharField(source="source.name", help_text="Who made the statement.")
    source_kind = serializers.CharField(source="source.kind", help_text="Kind of source.")

    class Meta:
        model = Citation
        fields = [
            "statement",
            "source",
            "source_kind",
            "url",
            "archive_url",
            "quote",
            "published_at",
            "claimed_intercepted",
            "claimed_intercepted_status",
        ]


class StatementTotalSerializer(serializers.ModelSerializer):
    threat_type = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, help_text="Slug of the threat type the total counts."
    )

    class Meta:
        model = StatementTotal
        fields = ["threat_type", "intercepted", "intercepted_status"]


class ClaimSerializer(serializers.ModelSerializer):
    class Meta:
        model = Citation
        fields = ["incident", "quote", "claimed_intercepted", "claimed_intercepted_status"]


class StatementSerializer(serializers.ModelSerializer):
    source = serializers.CharField(source="source.name", help_text="Who made the statement.")
    source_kind = serializers.CharField(source="source.kind", help_text="Kind of source.")
    totals = StatementTotalSerializer(many=True, help_text="The totals it gives, per threat.")
    claims = ClaimSerializer(
        many=True, source="public_claims", help_text="What it claims of published incidents."
    )

    class Meta:
        model = Statement
        fields = [
            "id",
            "source",
            "source_kind",
            "url",
            "archive_url",
            "published_at",
            "language",
            "date",
            "window_start",
            "window_end",
            "text",
            "totals",
            "claims",
        ]


class IncidentSerializer(serializers.HyperlinkedModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="dashboard:incident-detail")
    region = RegionSerializer(help_text="Region or water area over which the threat was reported.")
    threat_type = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, help_text="Slug of the threat type (see the codebook)."
    )
    damage_types = serializers.SlugRelatedField(
        slug_field="slug", many=True, read_only=True, help_text="Slugs of the damage types."
    )
    citations = CitationSerializer(many=True, help_text="Who claimed what, with links and quotes.")

    class Meta:
        model = Incident
        fields = [
            "id",
            "url",
            "date",
            "window_start",
            "window_end",
            "region",
            "threat_type",
            "intercepted",
            "intercepted_status",
            "damage_types",
            "damage_description",
            "killed",
            "killed_status",
            "injured",
            "injured_status",
            "summary",
            "verification",
            "citations",
            "published_at",
            "created_at",
            "updated_at",
        ]


class PublicHttp:
    """HTTP caching (dashboard/httpcache.py) for an API view: ETag, 304 and Cache-Control."""

    http_reads = FILTER_READS

    def dispatch(self, request, *args, **kwargs):
        dispatch = super().dispatch
        return public_http(self.http_reads, httpcache.API)(dispatch)(request, *args, **kwargs)


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="What was wrong with the request.")


class JsonNotFound:
    """Any segment reaches the view, so /api/incidents/0.5/ is this API's JSON 404, not the
    site's HTML one."""

    lookup_value_regex = "[^/]+"

    def get_object(self):
        if not ID.fullmatch(self.kwargs[self.lookup_field]):
            raise NotFound("Nothing public has this id.")
        return super().get_object()


CURSOR_NOT_FOUND = OpenApiResponse(ErrorSerializer, description="A cursor this API did not make.")


class IncidentCursorPagination(CursorPagination):
    ordering = ("-date", "-id")
    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 1000
    invalid_cursor_message = "This cursor is not valid; start again from the first page."

    def get_page_size(self, request):
        """The page size asked for (blank: the default), or a 400: a size that is not a whole
        number from 1 to max_page_size is refused, not silently replaced."""
        value = request.query_params.get(self.page_size_query_param, "")
        if value == "":
            return self.page_size
        if not re.fullmatch(DIGITS, value) or not 1 <= int(value) <= self.max_page_size:
            message = f"Give a whole number from 1 to {self.max_page_size}."
            raise ValidationError({self.page_size_query_param: [message]})
        return int(value)

    def decode_cursor(self, request):
        """The cursor, checked: one this API did not make points at no page, a JSON 404 (DRF
        itself answers 404, or 500 for a position it cannot use)."""
        cursor = super().decode_cursor(request)  # NotFound(invalid_cursor_message)
        # DRF reads any base64 naming nothing ("AAAA", a NUL) as the first page; it never
        # writes such a cursor, so one given is a cursor this API did not make.
        given = request.query_params.get(self.cursor_query_param, "")
        if given and cursor == (0, False, None):
            raise NotFound(self.invalid_cursor_message)
        if cursor is not None and cursor.position is not None:
            try:
                dt.date.fromisoformat(cursor.position)
            except (TypeError, ValueError) as error:
                raise NotFound(self.invalid_cursor_message) from error
        return cursor


# What only a page reads (its order, its chart), not which rows: the API lists newest first
# and draws no chart, so it refuses them rather than silently ignore them (an outside sweep
# found ?sort= accepted and ignored).
PAGE_ONLY = tuple(
    name for name, filter_ in IncidentFilter.base_filters.items() if filter_.method == "keep"
)


class ApiFilter(IncidentFilter):
    """The pages' filter without what only a page reads."""


ApiFilter.base_filters = {
    name: filter_ for name, filter_ in IncidentFilter.base_filters.items() if name not in PAGE_ONLY
}


class FilterBackend(DjangoFilterBackend):
    """The filter bound as the pages and files bind it (dashboard/query.py): a repeated
    parameter's last value, a blank value as not given."""

    def get_filterset_kwargs(self, request, queryset, view):
        # A program states each single-valued parameter once: the API refuses a repeat (a
        # page reads its last value, for a reader who appends to an address; query.py).
        repeated = {
            name: ["Give this parameter once."]
            for name in sorted(view.http_reads.single)
            if len(request.query_params.getlist(name)) > 1
        }
        if repeated:
            raise ValidationError(repeated)
        pages = {
            name: ["The API lists incidents newest first and draws no chart: give this to a page."]
            for name in PAGE_ONLY
            if request.query_params.get(name, "") != ""
        }
        if pages:
            raise ValidationError(pages)
        kwargs = super().get_filterset_kwargs(request, queryset, view)
        kwargs["data"] = FILTER_READS.canonical(request.query_params)
        return kwargs


class SupportingFilterBackend(FilterBackend):
    """Statements that support the published incidents the filter selects."""

    def filter_queryset(self, request, queryset, view):
        incidents = super().filter_queryset(request, Incident.objects.published(), view)
        return queryset.supporting(incidents)


# A 400's body: for each query parameter that could not be read, its messages.
FilterErrorSerializer = type(
    "FilterErrorSerializer",
    (serializers.Serializer,),
    {
        name: serializers.ListField(
            child=serializers.CharField(), required=False, help_text=f"What was wrong with {name}."
        )
        for name in sorted({*ApiFilter.base_filters, *PAGE_ONLY, "cursor", "page_size"})
    },
)


class ReportedSumSerializer(serializers.Serializer):
    sum = serializers.IntegerField(
        allow_null=True,
        help_text="Sum of the figures reported; null when no incident reported one (not 0).",
    )
    incidents_reporting = serializers.IntegerField(help_text="Incidents that gave a figure.")
    incidents_not_reported = serializers.IntegerField(help_text="Incidents that gave none.")
    incidents_withheld = serializers.IntegerField(
        help_text="Incidents whose source withheld the figure."
    )


class RegionTotalsSerializer(serializers.Serializer):
    region = serializers.CharField()
    region_iso = serializers.CharField()
    slug = serializers.CharField()
    incidents = serializers.IntegerField()
    first_date = serializers.DateField(allow_null=True)
    last_date = serializers.DateField(allow_null=True)
    intercepted = ReportedSumSerializer()
    killed = ReportedSumSerializer()
    injured = ReportedSumSerializer()


class TotalsSerializer(serializers.Serializer):
    incidents = serializers.IntegerField()
    regions = serializers.IntegerField(help_text="Regions with at least one incident.")
    first_date = serializers.DateField(allow_null=True, help_text="The first incident's date.")
    last_date = serializers.DateField(allow_null=True, help_text="The last incident's date.")
    intercepted = ReportedSumSerializer()
    killed = ReportedSumSerializer()
    injured = ReportedSumSerializer()
    by_region = RegionTotalsSerializer(many=True)


ERRORS = {
    400: OpenApiResponse(
        FilterErrorSerializer, description="A parameter not readable, out of bounds or repeated."
    ),
}


@extend_schema_view(
    list=extend_schema(
        summary="Published incidents matching the filter",
        description=(
            "The same filter parameters as the public pages and the CSV/JSON exports. Newest "
            "first; follow `next` for more. Figures are claims by the cited sources."
        ),
        responses={
            200: IncidentSerializer(many=True),
            **ERRORS,
            404: CURSOR_NOT_FOUND,
        },
    ),
    retrieve=extend_schema(
        summary="One published incident",
        responses={
            200: IncidentSerializer,
            404: OpenApiResponse(ErrorSerializer, description="No published incident."),
        },
    ),
)
class IncidentViewSet(JsonNotFound, PublicHttp, viewsets.ReadOnlyModelViewSet):
    http_reads = FILTER_READS | Reads(single=frozenset({"cursor", "page_size"}))
    serializer_class = IncidentSerializer
    filter_backends = [FilterBackend]
    filterset_class = ApiFilter
    pagination_class = IncidentCursorPagination
    queryset = Incident.objects.published().for_detail()


@extend_schema(
    summary="Totals of the incidents matching the filter, overall and per region",
    description=(
        "Each count is the sum of the figures reported and how many incidents gave none: a sum "
        "over incidents none of which reported a figure is null, not 0."
    ),
    responses={200: TotalsSerializer, **ERRORS},
    filters=True,  # the filter parameters, though not a list
)
class TotalsView(PublicHttp, generics.GenericAPIView):
    serializer_class = TotalsSerializer
    filter_backends = [FilterBackend]
    filterset_class = ApiFilter
    queryset = Incident.objects.published()
    pagination_class = None

    def get(self, request):
        backend = FilterBackend()
        filterset = backend.get_filterset(request, self.get_queryset(), self)
        if not filterset.is_valid():
            raise ValidationError(filterset.errors)
        overall, regions = filterset.figures().overview_figures()
        return Response({**overall.as_dict(), "by_region": [r.as_dict() for r in regions]})


@extend_schema_view(
    list=extend_schema(
        summary="Statements that support the published incidents matching the filter",
        description=(
            "The same filter parameters as the incidents. Each statement with the totals it "
            "gives and what it claims of each published incident; newest first."
        ),
        responses={200: StatementSerializer(many=True), **ERRORS, 404: CURSOR_NOT_FOUND},
    ),
    retrieve=extend_schema(
        summary="One public statement",
        responses={
            200: StatementSerializer,
            404: OpenApiResponse(ErrorSerializer, description="No public statement."),
        },
    ),
)
class StatementViewSet(JsonNotFound, PublicHttp, viewsets.ReadOnlyModelViewSet):
    http_reads = FILTER_READS | Reads(single=frozenset({"cursor", "page_size"}))
    serializer_class = StatementSerializer
    filter_backends = [SupportingFilterBackend]
    filterset_class = ApiFilter
    pagination_class = IncidentCursorPagination
    queryset = Statement.objects.public().for_api()
