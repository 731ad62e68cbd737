"""The registrar's Prometheus metrics: results written into records, and how long writes take.

Batch sizes and settlements (ack, dead-letter) come from ``luna_rabbit``.
"""

from __future__ import annotations

from prometheus_client import Counter, Histogram

from luna_common.metrics import SECONDS_BUCKETS

RECORDED = Counter(
    "luna_results_recorded",
    "Results handled by this registrar, by status (completed, failed) and whether the record "
    "changed (false: a redelivery, or no pending record)",
    ["status", "changed"],
)
RECORD_SECONDS = Histogram(
    "luna_record_seconds", "Time of one MongoDB write of a result", buckets=SECONDS_BUCKETS
)
