"""A tiny task for the worker tests; db_worker imports it by its dotted path."""

from django.contrib.auth.models import Group
from django.tasks import task


@task()
def create_group(*, name: str) -> int:
    return Group.objects.create(name=name).pk
