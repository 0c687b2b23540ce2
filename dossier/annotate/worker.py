"""What a pool worker runs. Light on purpose: a spawned worker imports this module before anything else, so it
asks to die with its parent before spending seconds importing spaCy and loading the model."""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import signal
import sys
import threading
import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language

    from dossier.annotate.pool import Outcome
    from dossier.records import Article

PR_SET_PDEATHSIG = 1  # linux/prctl.h: deliver a signal to this process when its parent dies
PARENT_POLL_SECONDS = 1.0  # where prctl is missing, a thread notices the parent's death this fast

_nlp: Language | None = None


def die_with_parent(parent: int) -> None:
    """Ask the kernel to kill this worker when its parent dies; elsewhere watch the parent from a thread."""
    libc_name = ctypes.util.find_library("c") if sys.platform.startswith("linux") else None
    if libc_name:
        ctypes.CDLL(libc_name, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    else:

        def watch() -> None:
            while os.getppid() == parent:
                time.sleep(PARENT_POLL_SECONDS)
            os._exit(1)

        threading.Thread(target=watch, name="dossier-parent-watch", daemon=True).start()
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


def init_worker(parent: int) -> None:
    global _nlp
    die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle; it shuts the pool down
    from dossier.annotate.pipeline import built_nlp

    _nlp = built_nlp()


def worker_chunk(articles: list[Article], embed: bool = True) -> list[Outcome]:
    from dossier.annotate.pool import annotated_chunk, embedded_chunk

    assert _nlp is not None
    return embedded_chunk(_nlp, articles) if embed else annotated_chunk(_nlp, articles)
