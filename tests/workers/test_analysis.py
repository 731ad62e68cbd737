"""``analyse()`` without a broker: batching changes no result, a bad image fails alone."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from luna_analyzer_worker.analysis import analyse
from luna_analyzer_worker.serving import scorer_for
from luna_analyzer_worker.settings import AnalyzerSettings
from luna_analyzer_worker.torch_scorer import TorchScorer
from luna_common.messages import AnalysisRequest
from luna_testing.photos import lesion_jpeg


@pytest.fixture(scope="module")
def scorer() -> TorchScorer:
    scorer, _ = scorer_for(AnalyzerSettings(device="cpu", runtime="torch"))
    assert isinstance(scorer, TorchScorer)
    return scorer


def make_request(image: bytes, n: int) -> AnalysisRequest:
    return AnalysisRequest(
        analysis_id=f"a{n}", user_id="u", image=image, creation_date=datetime.now(UTC)
    )


def test_batch_results_equal_single_results(scorer: TorchScorer) -> None:
    requests = [make_request(lesion_jpeg(800 + 40 * n, 600, seed=n), n) for n in range(4)]
    batched = analyse(requests, scorer)
    singles = [analyse([r], scorer)[0] for r in requests]
    assert [r.analysis_id for r in batched] == ["a0", "a1", "a2", "a3"]
    for b, s in zip(batched, singles, strict=True):
        assert b.status == s.status == "completed"
        assert b.result == pytest.approx(s.result, abs=1e-5)


def test_an_unreadable_image_fails_alone_with_a_reason(scorer: TorchScorer) -> None:
    good = lesion_jpeg()
    requests = [
        make_request(good, 0),
        make_request(good[: len(good) // 2], 1),
        make_request(b"plain text", 2),
        make_request(good, 3),
    ]
    results = analyse(requests, scorer)
    assert [r.status for r in results] == ["completed", "failed", "failed", "completed"]
    assert "could not be decoded" in (results[1].failure_reason or "")
    assert results[0].result == pytest.approx(results[3].result, abs=1e-6)
    assert all(r.model is not None and r.model.validated is False for r in results)


def test_unvalidated_model_says_so(scorer: TorchScorer) -> None:
    assert scorer.info.validated is False
    assert "unvalidated" in scorer.info.version
