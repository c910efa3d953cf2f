"""Work gathered over a transaction: one reaction run after it commits, fed
by many events; and rows collected over a block and written together."""

from collections.abc import Callable
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import transaction


def note_for_commit[T: Callable[[], None]](kind: type[T], note: Callable[[T], None]):
    """Let ``note`` add to this transaction's ``kind()``, run once on commit.

    The instance is registered with ``on_commit`` on first use and found again
    among the connection's pending callbacks, so it lives exactly as long as
    the transaction (a rollback to the savepoint that registered it drops it
    with its notes). Outside a transaction it runs at once. An instance with
    ``done`` set (already run, as tests that capture commit callbacks do) is
    not reused.
    """
    connection = transaction.get_connection()
    pending = None
    if connection.in_atomic_block:
        for _savepoints, callback, _robust in connection.run_on_commit:
            if isinstance(callback, kind) and not getattr(callback, "done", False):
                pending = callback
                break
    if pending is None:
        pending = kind()
        note(pending)
        transaction.on_commit(pending, robust=True)
    else:
        note(pending)


@contextmanager
def collecting[T](batch: ContextVar[list[T] | None], write: Callable[[list[T]], None]):
    """Within the block ``batch`` holds a list that callers add to instead
    of writing one by one; ``write`` gets it when the block ends without an
    error (nothing is written if it raises). Blocks do not nest: an inner
    one writes its own list."""
    items: list[T] = []
    token = batch.set(items)
    try:
        yield items
    finally:
        batch.reset(token)
    write(items)
