"""Public pages (placeholder until the public pages issue lands)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "treaty/home.html", {})
