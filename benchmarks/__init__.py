"""LUNA's performance benchmark: bare model, analyzer workers, end-to-end latency, API ingest.

Run ``python -m benchmarks`` (``--help`` for the options); results go to ``benchmarks/results/``.
"""
