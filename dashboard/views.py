from django.http import HttpResponse
from django.shortcuts import get_object_or_404

from incidents.models import Incident, Region


def overview(request):
    return HttpResponse("Air-defence incident dashboard")


def incident_detail(request, pk):
    incident = get_object_or_404(Incident.objects.published(), pk=pk)
    return HttpResponse(str(incident))


def region_detail(request, slug):
    region = get_object_or_404(Region, slug=slug)
    return HttpResponse(str(region))
