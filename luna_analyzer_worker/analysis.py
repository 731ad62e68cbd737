"""``analyse()``: a batch of requests in, one result per request out. No broker in sight."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any, Protocol

from luna_analyzer_worker.image_batch import ImageDecoder
from luna_analyzer_worker.scorer import Scorer, published_card
from luna_common.messages import (
    MAX_HEATMAP_BYTES,
    AnalysisRequest,
    AnalysisResult,
    completed,
    failed,
)
from luna_model.heatmap import render_heatmap


class BatchDecoder(Protocol):
    """Image bytes to a batch of model input: :class:`ImageDecoder` (Pillow, the CPU) or
    ``torch_images.TorchImageDecoder`` (on the scorer's device, nvJPEG on a GPU)."""

    def decode(self, images: Sequence[bytes]) -> DecodedBatch: ...

    def close(self) -> None: ...


class DecodedBatch(Protocol):
    """The decoded images in request order (read-only here, so either batch type fits)."""

    @property
    def pixels(self) -> Any: ...  # numpy array, or torch tensor on the scorer's device

    @property
    def indices(self) -> list[int]: ...

    @property
    def failures(self) -> dict[int, str]: ...

    @property
    def views(self) -> Mapping[int, Any]: ...  # index -> the model's view (image or array)


def analyse(
    requests: Sequence[AnalysisRequest],
    scorer: Scorer,
    decoder: BatchDecoder | None = None,
    *,
    heatmaps: bool = True,
) -> list[AnalysisResult]:
    """Score every readable image in one model call; an unreadable image fails alone.

    With ``heatmaps`` each completed result carries a small PNG of where the network looked
    (its class-activation map over the model's view of the photo). Every result carries the
    model's card, for the registrar to keep.
    """
    decoder = decoder or ImageDecoder(scorer.input_size)
    batch = decoder.decode([request.image for request in requests])
    probabilities: dict[int, float] = {}
    pictures: dict[int, bytes] = {}
    if batch.indices:
        if heatmaps:
            scores, maps = scorer.score_with_maps(batch.pixels)
            for row, index in enumerate(batch.indices):
                view = batch.views[index]
                pictures[index] = render_heatmap(view, maps[row], max_bytes=MAX_HEATMAP_BYTES)
        else:
            scores = scorer.score(batch.pixels)
        probabilities = dict(zip(batch.indices, scores, strict=True))
    now = datetime.now(UTC)
    card = published_card(scorer.card)
    return [
        completed(
            request,
            probability=probabilities[i],
            model=scorer.info,
            analysis_date=now,
            heatmap=pictures.get(i),
            model_card=card,
        )
        if i in probabilities
        else failed(
            request,
            reason=batch.failures[i],
            model=scorer.info,
            analysis_date=now,
            model_card=card,
        )
        for i, request in enumerate(requests)
    ]
