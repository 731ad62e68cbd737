"""The fast path gives the reference PyTorch model's answers: same pixels, same scores."""

from __future__ import annotations

import base64
import io
import json
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest
import torch
from PIL import Image
from pydantic import ValidationError

from luna_analyzer_worker.analysis import analyse
from luna_analyzer_worker.image_batch import ImageDecoder
from luna_analyzer_worker.onnx_scorer import OnnxScorer
from luna_analyzer_worker.scorer import batching
from luna_analyzer_worker.serving import scorer_for
from luna_analyzer_worker.settings import AnalyzerSettings
from luna_analyzer_worker.torch_scorer import TorchScorer
from luna_common.messages import AnalysisRequest
from luna_common.settings import child_environment
from luna_model.checkpoint import unvalidated_model
from luna_model.onnx_export import export_onnx
from luna_model.preprocessing import preprocess
from luna_testing.photos import lesion_jpeg

# Stated tolerance: ONNX Runtime's probabilities equal PyTorch float32's within 1e-4.
PROBABILITY_TOLERANCE = 1e-4


def real_jpegs() -> list[bytes]:
    sizes = [(1024, 768), (2048, 1536), (640, 480), (300, 260), (1200, 1600), (3000, 2000)]
    return [lesion_jpeg(w, h, seed=n) for n, (w, h) in enumerate(sizes)]


def request(image: bytes, n: int) -> AnalysisRequest:
    return AnalysisRequest(
        analysis_id=f"a{n}", user_id="u", image=image, creation_date=datetime.now(UTC)
    )


@pytest.fixture(scope="module")
def torch_scorer(varied_checkpoint: Path) -> TorchScorer:
    scorer, _ = scorer_for(
        AnalyzerSettings(model_checkpoint=varied_checkpoint, device="cpu", runtime="torch")
    )
    assert isinstance(scorer, TorchScorer)
    return scorer


@pytest.fixture(scope="module")
def onnx_scorer(varied_checkpoint: Path, onnx_cache: Path) -> OnnxScorer:
    scorer, _ = scorer_for(
        AnalyzerSettings(
            model_checkpoint=varied_checkpoint,
            device="cpu",
            runtime="onnx",
            onnx_cache_dir=onnx_cache,
        )
    )
    assert isinstance(scorer, OnnxScorer)
    return scorer


@pytest.mark.parametrize("threads", [1, 3])
def test_decoded_pixels_equal_the_shared_preprocessing(threads: int) -> None:
    images = real_jpegs()
    decoder = ImageDecoder(240, threads)
    batch = decoder.decode(images)
    decoder.close()
    expected = torch.stack([preprocess(image, 240) for image in images]).numpy()
    assert batch.indices == list(range(len(images))) and not batch.failures
    assert batch.pixels.flags.c_contiguous
    np.testing.assert_allclose(batch.pixels, expected, rtol=0, atol=1e-6)


def test_onnx_scores_equal_pytorch_on_real_jpegs(
    torch_scorer: TorchScorer, onnx_scorer: OnnxScorer
) -> None:
    pixels = ImageDecoder(240).decode(real_jpegs()).pixels
    reference = torch_scorer.score(torch.from_numpy(pixels.copy()))
    served = onnx_scorer.score(pixels)
    # The checkpoint tells images apart, so agreement is not agreement on a constant.
    assert max(reference) - min(reference) > 1e-3
    assert served == pytest.approx(reference, abs=PROBABILITY_TOLERANCE)
    assert onnx_scorer.info == torch_scorer.info


def test_onnx_heatmap_maps_equal_pytorch_and_average_to_the_logit(
    torch_scorer: TorchScorer, onnx_scorer: OnnxScorer
) -> None:
    pixels = ImageDecoder(240).decode(real_jpegs()).pixels
    torch_scores, torch_maps = torch_scorer.score_with_maps(pixels.copy())
    onnx_scores, onnx_maps = onnx_scorer.score_with_maps(pixels)
    assert onnx_maps.shape == torch_maps.shape == (len(pixels), 8, 8)
    # The maps differ between images and within one: they show places, not a constant.
    assert np.ptp(onnx_maps[0]) > 1e-3
    scale = max(1.0, float(np.abs(torch_maps).max()))
    np.testing.assert_allclose(onnx_maps, torch_maps, atol=1e-4 * scale)
    # CAM for a global-average-pool head is exact: each map's mean is the image's logit.
    mean_logits = onnx_maps.mean(axis=(1, 2))
    probabilities = 1 / (1 + np.exp(-mean_logits))
    assert probabilities == pytest.approx(onnx_scores, abs=1e-5)
    assert onnx_scores == pytest.approx(torch_scores, abs=PROBABILITY_TOLERANCE)


def test_completed_results_carry_a_small_png_heatmap_and_the_card(
    onnx_scorer: OnnxScorer,
) -> None:
    results = analyse([request(image, n) for n, image in enumerate(real_jpegs())], onnx_scorer)
    for result in results:
        assert result.heatmap is not None and result.heatmap.startswith(b"\x89PNG\r\n\x1a\n")
        assert len(base64.b64encode(result.heatmap)) + len("data:image/png;base64,") <= 30_000
        picture = Image.open(io.BytesIO(result.heatmap))
        assert picture.format == "PNG" and picture.size[0] == picture.size[1] >= 64
        assert result.model_card is not None
        assert result.model_card.version == "test-bn-calibrated"
        assert result.model_card.validated is False
    without = analyse([request(real_jpegs()[0], 0)], onnx_scorer, heatmaps=False)[0]
    assert without.heatmap is None and without.result == pytest.approx(results[0].result)


def test_onnx_batch_results_equal_single_results(onnx_scorer: OnnxScorer) -> None:
    requests = [request(image, n) for n, image in enumerate(real_jpegs())]
    decoder = ImageDecoder(onnx_scorer.input_size, threads=2)
    batched = analyse(requests, onnx_scorer, decoder)
    singles = [analyse([r], onnx_scorer)[0] for r in requests]
    assert [r.analysis_id for r in batched] == [r.analysis_id for r in requests]
    for b, s in zip(batched, singles, strict=True):
        assert b.status == s.status == "completed"
        assert b.result == pytest.approx(s.result, abs=1e-6)
        assert b.model == s.model


def test_a_bad_image_in_an_onnx_batch_fails_alone(onnx_scorer: OnnxScorer) -> None:
    good = real_jpegs()[:2]
    images = [good[0], good[1][: len(good[1]) // 3], b"not an image", good[1], b"\xff\xd8"]
    results = analyse([request(image, n) for n, image in enumerate(images)], onnx_scorer)
    assert [r.status for r in results] == ["completed", "failed", "failed", "completed", "failed"]
    single = analyse([request(good[1], 9)], onnx_scorer)[0]
    assert results[3].result == pytest.approx(single.result, abs=1e-6)
    assert all(
        "could not be decoded" in (r.failure_reason or "") for r in results if r.result is None
    )


def test_a_stale_model_onnx_beside_the_checkpoint_is_not_served(
    varied_checkpoint: Path, onnx_cache: Path, tmp_path: Path, torch_scorer: TorchScorer
) -> None:
    checkpoint = tmp_path / "model.pt"
    checkpoint.write_bytes(varied_checkpoint.read_bytes())
    other_model, _ = unvalidated_model(seed=7)
    export_onnx(other_model, tmp_path / "model.onnx")
    scorer, _ = scorer_for(
        AnalyzerSettings(
            model_checkpoint=checkpoint, device="cpu", runtime="onnx", onnx_cache_dir=onnx_cache
        )
    )
    assert isinstance(scorer, OnnxScorer) and scorer.path.parent == onnx_cache
    pixels = ImageDecoder(240).decode(real_jpegs()[:2]).pixels
    assert scorer.score(pixels) == pytest.approx(torch_scorer.score(pixels.copy()), abs=1e-4)


def test_auto_batching_depends_on_the_device() -> None:
    assert batching("cpu", "auto", "auto") == (4, 2)
    assert batching("cuda", "auto", "auto") == (64, 5)
    assert batching("cpu", 8, "auto") == (8, 2)


def test_batch_settings_out_of_range_are_refused_by_the_settings_class() -> None:
    with pytest.raises(ValidationError, match="batch_size"):
        AnalyzerSettings(batch_size=0)
    with pytest.raises(ValidationError, match="batch_wait_ms"):
        AnalyzerSettings(batch_wait_ms=-1)


SERVE_IN_A_FRESH_PROCESS = """
import json, sys
import numpy as np
from luna_analyzer_worker.serving import scorer_for
from luna_analyzer_worker.settings import AnalyzerSettings

from luna_model.heatmap import render_heatmap
from luna_model.images import model_input_to_rgb

scorer, device = scorer_for(AnalyzerSettings())
batch = np.load(sys.argv[1])
scores, maps = scorer.score_with_maps(batch)
pngs = [render_heatmap(model_input_to_rgb(x), m) for x, m in zip(batch, maps)]
print(json.dumps({"torch_loaded": "torch" in sys.modules, "device": device,
                  "scorer": type(scorer).__name__, "scores": scores, "maps": maps.tolist(),
                  "png": all(p.startswith(b"\\x89PNG") for p in pngs)}))
"""


def test_the_worker_serves_onnx_without_loading_pytorch(
    varied_checkpoint: Path, tmp_path: Path, torch_scorer: TorchScorer
) -> None:
    """The export and its check run in a child process; the serving process never imports
    PyTorch (about 0.7 GiB less per worker) and still scores like the reference model."""
    pixels = ImageDecoder(240).decode(real_jpegs()).pixels
    np.save(tmp_path / "batch.npy", pixels)
    env = child_environment(
        AnalyzerSettings.environment_for(
            model_checkpoint=varied_checkpoint,
            device="cpu",
            runtime="auto",
            onnx_cache_dir=tmp_path / "cache",
        )
    )
    served = subprocess.run(
        [sys.executable, "-c", SERVE_IN_A_FRESH_PROCESS, str(tmp_path / "batch.npy")],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    answer = json.loads(served.stdout.strip().splitlines()[-1])
    assert answer["scorer"] == "OnnxScorer" and answer["device"] == "cpu"
    assert answer["torch_loaded"] is False
    reference = torch_scorer.score(torch.from_numpy(pixels.copy()))
    assert answer["scores"] == pytest.approx(reference, abs=PROBABILITY_TOLERANCE)
    _, reference_maps = torch_scorer.score_with_maps(pixels.copy())
    np.testing.assert_allclose(np.array(answer["maps"]), reference_maps, atol=1e-3)
    assert answer["png"] is True
    assert list((tmp_path / "cache").glob("*.onnx")), "the child exported into the cache"
