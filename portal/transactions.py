"""One reaction per transaction, run after it commits, fed by many events."""

from collections.abc import Callable

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
