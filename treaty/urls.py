from django.urls import path

from treaty import views

app_name = "treaty"

urlpatterns = [
    path("", views.home, name="home"),
]
