from django.urls import path

from . import views, views_form_state

app_name = "feedback"

urlpatterns = [
    path("principer/<slug:slug>/", views.principle_detail, name="principle_detail"),
    path(
        "kommentarer/artikel/<int:article_id>/",
        views.comment_create,
        name="comment_create",
    ),
    path(
        "kommentarer/formular/",
        views_form_state.comment_form_state,
        name="form_state",
    ),
    path(
        "kommentarer/bekrafta/<str:token>/",
        views.comment_confirm,
        name="confirm",
    ),
    path(
        "kommentarer/ny-lank/",
        views.verification_link_resend,
        name="resend",
    ),
    path(
        "kommentarer/aterkalla/<str:token>/",
        views.comment_withdraw_view,
        name="withdraw",
    ),
    path(
        "kommentarer/stoppa-epost/<str:token>/",
        views.email_suppress_view,
        name="suppress",
    ),
]
