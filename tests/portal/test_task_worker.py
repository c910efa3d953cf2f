"""The worker path: tasks enqueued through the database backend, run by db_worker.

Tests otherwise run tasks immediately (portal.settings.test); these switch to
the production backend and run the worker in batch mode, in this process.
They commit for real (transaction=True): the worker claims each task in its
own transaction and closes old connections between tasks, as in production.
serialized_rollback restores Wagtail's initial data that the flush removes.
"""

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from wagtail.images.models import Image
from wagtail.models import ReferenceIndex

from feedback.models import EmailDelivery
from feedback.outbox import batched_deliveries, delivery_enqueue
from tests.factories import ArticlePageFactory, ResidentCommentFactory
from tests.portal.task_helpers import create_group

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def run_worker():
    call_command(
        "db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0
    )


def test_worker_runs_our_task_from_the_database_queue(database_tasks):
    result = create_group.enqueue(name="Skapad av arbetaren")
    assert DBTaskResult.objects.get(id=result.id).status == TaskResultStatus.READY
    assert not Group.objects.filter(name="Skapad av arbetaren").exists()

    run_worker()

    result.refresh()
    group = Group.objects.get(name="Skapad av arbetaren")
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value == group.pk


def test_worker_runs_wagtails_reference_index_task_from_the_database_queue(
    database_tasks, news_index
):
    image = Image.objects.create(
        title="Bild", file="original_images/bild.png", width=8, height=8
    )
    article = ArticlePageFactory(parent=news_index, hero_image=image)
    queued = DBTaskResult.objects.filter(
        task_path="wagtail.tasks.update_reference_index_task"
    )
    assert set(queued.values_list("status", flat=True)) == {TaskResultStatus.READY}
    assert not ReferenceIndex.get_references_to(image).exists()

    run_worker()

    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {
        TaskResultStatus.SUCCESSFUL
    }
    referencing = ReferenceIndex.get_references_to(image).values_list(
        "object_id", flat=True
    )
    assert set(referencing) == {str(article.pk)}


def test_a_bulk_actions_notices_wait_behind_other_tasks(
    database_tasks, article, principles
):
    """The notices of a decision run after a confirmation link or a cache
    purge enqueued later: a thousand of them must not delay either."""
    comments = [
        ResidentCommentFactory(article=article, principle=principles[0])
        for _ in range(4)
    ]
    with batched_deliveries():
        for comment in comments[:3]:
            delivery_enqueue(kind=EmailDelivery.Kind.PUBLISHED, comment=comment)
    delivery_enqueue(kind=EmailDelivery.Kind.VERIFICATION, comment=comments[3])
    create_group.enqueue(name="Som en tömning av cachen")
    ours = DBTaskResult.objects.filter(
        task_path__in=["feedback.tasks.send_delivery", create_group.module_path]
    )
    queued = ours.order_by("enqueued_at")
    assert list(queued.values_list("priority", flat=True)) == [-10, -10, -10, 0, 0]

    run_worker()

    started = ours.order_by("started_at")
    assert list(started.values_list("priority", flat=True)) == [0, 0, -10, -10, -10]
    assert (
        list(started.values_list("status", flat=True))
        == [TaskResultStatus.SUCCESSFUL] * 5
    )
