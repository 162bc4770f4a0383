"""URLs of the hello-world baseline: one view that does nothing but answer."""

from django.http import HttpResponse
from django.urls import path


def hello(request):
    return HttpResponse("hello", content_type="text/plain")


urlpatterns = [path("", hello)]
