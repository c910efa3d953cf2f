from django.urls import path

from . import views

app_name = "feedback"

urlpatterns = [
    path("principer/<slug:slug>/", views.principle_detail, name="principle_detail"),
]
