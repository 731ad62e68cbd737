"""``analyse()``: a batch of requests in, one result per request out. No broker in sight."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

import torch

from luna_analyzer_worker.scorer import Scorer
from luna_common.messages import AnalysisRequest, AnalysisResult, completed, failed
from luna_model.preprocessing import UnreadableImage, preprocess


def analyse(requests: Sequence[AnalysisRequest], scorer: Scorer) -> list[AnalysisResult]:
    """Score every readable image in one model call; an unreadable image fails alone."""
    tensors: dict[int, torch.Tensor] = {}
    reasons: dict[int, str] = {}
    for index, request in enumerate(requests):
        try:
            tensors[index] = preprocess(request.image, scorer.input_size)
        except UnreadableImage as exc:
            reasons[index] = f"the image could not be decoded: {exc}"
    probabilities: dict[int, float] = {}
    if tensors:
        order = sorted(tensors)
        scores = scorer.score(torch.stack([tensors[i] for i in order]))
        probabilities = dict(zip(order, scores, strict=True))
    now = datetime.now(UTC)
    return [
        completed(request, probability=probabilities[i], model=scorer.info, analysis_date=now)
        if i in probabilities
        else failed(request, reason=reasons[i], model=scorer.info, analysis_date=now)
        for i, request in enumerate(requests)
    ]
