"""``analyse()``: a batch of requests in, one result per request out. No broker in sight."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from luna_analyzer_worker.image_batch import ImageDecoder
from luna_analyzer_worker.scorer import Scorer
from luna_common.messages import AnalysisRequest, AnalysisResult, completed, failed


def analyse(
    requests: Sequence[AnalysisRequest], scorer: Scorer, decoder: ImageDecoder | None = None
) -> list[AnalysisResult]:
    """Score every readable image in one model call; an unreadable image fails alone."""
    decoder = decoder or ImageDecoder(scorer.input_size)
    batch = decoder.decode([request.image for request in requests])
    probabilities: dict[int, float] = {}
    if batch.indices:
        scores = scorer.score(batch.pixels)
        probabilities = dict(zip(batch.indices, scores, strict=True))
    now = datetime.now(UTC)
    return [
        completed(request, probability=probabilities[i], model=scorer.info, analysis_date=now)
        if i in probabilities
        else failed(request, reason=batch.failures[i], model=scorer.info, analysis_date=now)
        for i, request in enumerate(requests)
    ]
