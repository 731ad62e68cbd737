"""The analyzer's Prometheus metrics: outcomes, model and decode time.

The scorer and decoder are wrapped rather than edited, so ``analyse()`` stays a pure function;
batch sizes, settlements and publish-confirm times come from ``luna_rabbit``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from prometheus_client import Counter, Histogram

from luna_analyzer_worker.image_batch import ImageBatch, ImageDecoder
from luna_analyzer_worker.scorer import Scorer
from luna_common.messages import ModelInfo
from luna_common.metrics import SECONDS_BUCKETS
from luna_model.model_card import ModelCard

ANALYSES = Counter(
    "luna_analyses", "Analyses finished by this analyzer, by status (completed, failed)", ["status"]
)
MODEL_SECONDS = Histogram(
    "luna_model_seconds", "Time of one model call on a batch", buckets=SECONDS_BUCKETS
)
DECODE_SECONDS = Histogram(
    "luna_decode_seconds", "Time to decode and resize one batch of images", buckets=SECONDS_BUCKETS
)


class TimedScorer:
    """A scorer whose every call is timed in ``luna_model_seconds``."""

    def __init__(self, scorer: Scorer) -> None:
        self._scorer = scorer
        self.input_size: int = scorer.input_size
        self.info: ModelInfo = scorer.info
        self.card: ModelCard = scorer.card

    def score(self, batch: np.ndarray) -> list[float]:
        with MODEL_SECONDS.time():
            return self._scorer.score(batch)

    def score_with_maps(self, batch: np.ndarray) -> tuple[list[float], np.ndarray]:
        with MODEL_SECONDS.time():
            return self._scorer.score_with_maps(batch)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._scorer, name)


class TimedDecoder(ImageDecoder):
    """An ``ImageDecoder`` whose every batch is timed in ``luna_decode_seconds``."""

    def decode(self, images: Sequence[bytes]) -> ImageBatch:
        with DECODE_SECONDS.time():
            return super().decode(images)


class TimedBatchDecoder:
    """Any batch decoder (``TorchImageDecoder`` on a GPU) timed in ``luna_decode_seconds``."""

    def __init__(self, decoder: Any) -> None:
        self._decoder = decoder

    def decode(self, images: Sequence[bytes]) -> Any:
        with DECODE_SECONDS.time():
            return self._decoder.decode(images)

    def close(self) -> None:
        self._decoder.close()


def count_outcome(status: str) -> None:
    """One analysis finished with ``status`` (``completed`` or ``failed``)."""
    ANALYSES.labels(status).inc()
