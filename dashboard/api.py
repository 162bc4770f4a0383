"""Read-only JSON API for researchers, over the same FilterSet as the pages and exports.

Cursor pagination keeps every page as fast as the first, however deep a client reads.
"""

from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.pagination import CursorPagination

from dashboard.filters import IncidentFilter
from incidents.models import Citation, Incident, Region


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
            "source",
            "source_kind",
            "url",
            "archive_url",
            "quote",
            "published_at",
            "claimed_intercepted",
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


class IncidentCursorPagination(CursorPagination):
    ordering = ("-date", "-id")
    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 1000


@extend_schema_view(
    list=extend_schema(
        summary="Published incidents matching the filter",
        description=(
            "The same filter parameters as the public pages and the CSV/JSON exports. Newest "
            "first; follow `next` for more. Figures are claims by the cited sources."
        ),
    ),
    retrieve=extend_schema(summary="One published incident"),
)
class IncidentViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = IncidentSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = IncidentFilter
    pagination_class = IncidentCursorPagination
    queryset = Incident.objects.published().for_detail()
