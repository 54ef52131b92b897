"""Extraction on Dask: the papers in partitions, each partition through `nlp.pipe` on a Dask worker.

Dask because the pipeline is Python and spaCy from end to end: partitions of papers, scattered to the
workers, map straight onto `papers_mentions`; workers are plain Python processes that load the pipeline
once; the same code runs on a laptop (`LocalCluster`) and on a cluster (`dask scheduler` + `dask worker`,
or dask-jobqueue, dask-kubernetes) with no JVM and no serialization layer to translate spaCy objects
through. Ray would work as well but brings its own object store and runtime for no gain here; Spark would
put a JVM between Python workers and the data.

Workers send back Mentions (small, plain records), never spaCy Docs. The results come back in partition
order, so the build is byte-identical to a local one.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from functools import cache

from spacy.language import Language

from paperkg.model import Mention, Paper

#: The scheduler of a running Dask cluster (`tcp://host:8786`); without it, a LocalCluster is started.
SCHEDULER_VARIABLE = "PAPERKG_DASK_SCHEDULER"
#: Papers per partition: one task each, enough for `nlp.pipe`'s batches and for progress to move.
PARTITION = 500


@cache
def _pipeline(name: str) -> Language:
    """The pipeline, loaded once per worker process (a shipped name, or a folder every worker can read)."""
    from paperkg import extract

    return extract.load(name)


def extract_partition(papers: Sequence[Paper], pipeline: str) -> list[list[Mention]]:
    """What each Dask task runs: the mentions of one partition of papers, in order."""
    from paperkg import extract

    return extract.papers_mentions(_pipeline(pipeline), papers)


def _portable(pipeline: str) -> str:
    """A shipped pipeline's name as it is; a folder as an absolute path (workers have their own cwd)."""
    from paperkg import extract

    return pipeline if pipeline in extract.available() else str(extract.path_of(pipeline).resolve())


def dask_paper_mentions(papers: Sequence[Paper], pipeline: str = "default", *, workers: int = 2,
                        scheduler: str | None = None, partition: int = PARTITION,
                        progress: Callable[[int], None] = lambda done: None) -> list[list[Mention]]:
    """The mentions of each paper, extracted on Dask: on the cluster at `scheduler` (default
    $PAPERKG_DASK_SCHEDULER), else on a LocalCluster of `workers` single-threaded worker processes.
    `progress` gets the number of papers done as partitions finish."""
    try:
        from distributed import Client, LocalCluster, as_completed
    except ImportError:
        raise RuntimeError("--engine dask needs Dask: pip install 'paperkg[dask]'") from None

    scheduler = scheduler or os.environ.get(SCHEDULER_VARIABLE) or None
    cluster = None
    if scheduler is None:
        # Processes, one thread each: spaCy holds the GIL, so threads would not run in parallel.
        cluster = LocalCluster(n_workers=max(1, workers), threads_per_worker=1, processes=True,
                               dashboard_address=None)
    client = Client(scheduler or cluster)
    try:
        papers = list(papers)
        # Scattered, not embedded in the task graph: each partition goes to a worker once, as data.
        partitions = client.scatter([papers[start:start + partition] for start in range(0, len(papers), partition)])
        futures = client.map(extract_partition, partitions, pipeline=_portable(pipeline))
        done = 0
        for future in as_completed(futures):
            done += len(future.result())
            progress(done)
        return [mentions for future in futures for mentions in future.result()]
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
