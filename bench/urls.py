"""The site's URLs plus a bare view: the floor every page is compared with."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

from tracker.urls import urlpatterns as site


def bare(request: HttpRequest) -> HttpResponse:
    """A short template rendered through the same stack (middleware, context processors,
    template loader) as every page: what a request costs before the page does any work."""
    return render(request, "bench/bare.html", {"title": "Bare page", "count": 3})


urlpatterns = [path("bench/bare/", bare, name="bench-bare"), *site]
