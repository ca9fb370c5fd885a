"""Pausing the cyclic garbage collector around allocation-heavy work.

Scoring a batch, loading the model and building the state and date tables
each allocate hundreds of thousands of small objects, almost none of them in
reference cycles. Each allocation burst triggers collections that traverse
every object alive, including all of scikit-learn, SciPy and pandas once they
are imported: on a cold start that costs a tenth of a second or more.
"""

from __future__ import annotations

import contextlib
import gc
import threading
from collections.abc import Iterator

_lock = threading.Lock()
_holders = 0
_was_enabled = False


@contextlib.contextmanager
def paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a batch is scored or a table is built.

    Scoring a batch allocates hundreds of thousands of small, acyclic
    containers (token lists, result objects); the collector would traverse
    all of them, and everything else alive, again and again, which costs
    about a fifth of the scoring time. Reference counting still frees them.
    Reentrant and thread-safe: the collector is paused by the first caller
    and restored to its previous state by the last one.
    """
    global _holders, _was_enabled
    with _lock:
        if _holders == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _holders += 1
    try:
        yield
    finally:
        with _lock:
            _holders -= 1
            if _holders == 0 and _was_enabled:
                gc.enable()
