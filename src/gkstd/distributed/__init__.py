"""The national corpus on a Dask cluster (docs/distributed.md): ``gkstd check`` shared
out by province over ``dask.distributed`` workers, and the records audit over Parquet
partitions as a Dask dataframe (:func:`audit`), with the same results as one process.

Needs the optional extra ``pip install 'gkstd[distributed]'``; without Dask every entry
point raises a :class:`DistributedError` that says so (importing this package does not).

Floor 13 of the layers (docs/architecture.md): imports the batch check and the parts below
it; only the CLI sits above it.
"""

from gkstd.distributed.audit import audit
from gkstd.distributed.partition import Partition, partition
from gkstd.distributed.run import (
    DistributedError,
    StreamedReport,
    check,
    connect,
    require_dask,
    run_cli_check,
)

__all__ = [
    "DistributedError",
    "Partition",
    "StreamedReport",
    "audit",
    "check",
    "connect",
    "partition",
    "require_dask",
    "run_cli_check",
]
