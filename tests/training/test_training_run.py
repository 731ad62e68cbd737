"""A short CPU training run on synthetic data, end to end, and its resumed twin.

Settings (found by trial on 2 CPU cores; one torch thread, since two collapse when other work
shares the cores): 48 px inputs, 2 folds, 3 epochs, batch 8, lr 2e-3,
flips as the only augmentations, and batch-norm statistics recomputed before each evaluation
("precise BN") because EfficientNet's running averages cannot catch up in a few dozen steps.
The weights start from an "ImageNet" file the test writes itself (random weights in the
ImageNet layout): these machines cannot download the real ones.
"""

from __future__ import annotations

import io
import json
import os
import secrets
import shutil
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pandas as pd
import pika
import pytest
import torch
from efficientnet_pytorch import EfficientNet
from PIL import Image

from luna_analyzer_worker.settings import AnalyzerSettings
from luna_common.messages import AnalysisRequest, AnalysisResult
from luna_local.platform import LocalPlatform
from luna_model.checkpoint import load_checkpoint
from luna_model.images import model_input
from luna_model.network import ARCHITECTURE
from luna_rabbit import topology
from luna_rabbit.publishing import Publisher
from luna_testing.photos import lesion_jpeg
from luna_testing.services import rabbitmq_vhost
from training.__main__ import main
from training.evaluate import evaluate
from training.run_state import load_state
from training.synthetic import MARKER_FILE, generate

SIZE = 48
COMMON = [
    "--folds", "2", "--epochs", "3", "--image-size", str(SIZE), "--batch-size", "8",
    "--lr", "2e-3", "--workers", "0", "--threads", "1", "--precise-bn-batches", "8",
    "--no-hair", "--no-microscope", "--no-color-jitter", "--no-random-resized-crop",
    "--no-progress", "--seed", "0", "--bootstrap", "300",
]  # fmt: skip


@pytest.fixture(scope="module")
def imagenet_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Weights in the layout of efficientnet-pytorch's ImageNet file (1000 classes)."""
    path = tmp_path_factory.mktemp("weights") / "efficientnet-b1-imagenet.pth"
    torch.manual_seed(0)
    torch.save(EfficientNet.from_name(ARCHITECTURE).state_dict(), path)
    return path


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("data")
    generate(root, patients=30, images_per_patient=2, malignant_fraction=0.3, size=SIZE, seed=11)
    return root


@pytest.fixture(scope="module")
def trained_run(
    tmp_path_factory: pytest.TempPathFactory, data_dir: Path, imagenet_file: Path
) -> Path:
    runs = tmp_path_factory.mktemp("runs")
    started = time.monotonic()
    code = main(
        ["--data-dir", str(data_dir), "--output", str(runs), "--experiment", "short",
         "--init-weights", str(imagenet_file), *COMMON]
    )  # fmt: skip
    print(f"training run took {time.monotonic() - started:.1f} s")
    assert code == 0
    return runs / "short"


def report_of(run: Path) -> dict:
    return json.loads((run / "report.json").read_text())


@pytest.mark.slow
def test_run_writes_every_output(trained_run: Path) -> None:
    for name in (
        "model.pt", "model.onnx", "report.json", "roc.png", "pr.png", "roc_test.png",
        "config.yaml", "splits.csv", "oof.csv", "test_predictions.csv",
    ):  # fmt: skip
        assert (trained_run / name).is_file(), name
    report = report_of(trained_run)
    # check_onnx_matches already enforced 1e-4 x max(1, |value|) during the run
    assert report["onnx"]["tolerance"] == 1e-4 and report["onnx"]["max_abs_diff"] < 1e-3
    assert report["data"]["synthetic"] is True
    assert 1 <= report["chosen_epochs"] <= 3
    folds = [h for h in report["history"] if h["stage"] == "folds"]
    assert {"roc_auc", "pr_auc", "sensitivity", "specificity", "confusion"} <= set(folds[0])
    assert len([h for h in report["history"] if h["stage"] == "final"]) == report["chosen_epochs"]


@pytest.mark.slow
def test_test_patients_are_apart_and_choose_nothing(trained_run: Path) -> None:
    splits = pd.read_csv(trained_run / "splits.csv")
    assert (splits.groupby("patient_id")["split"].nunique() == 1).all()
    assert (splits.groupby("patient_id")["fold"].nunique() == 1).all()
    test = splits[splits["split"] == "test"]
    assert 0.10 <= test["patient_id"].nunique() / splits["patient_id"].nunique() <= 0.25
    assert set(test["fold"]) == {-1} and test["target"].nunique() == 2
    # Out-of-fold predictions (which chose epochs, temperature, threshold) hold no test image.
    oof = pd.read_csv(trained_run / "oof.csv")
    assert not set(oof["image_name"]) & set(test["image_name"])
    predicted = pd.read_csv(trained_run / "test_predictions.csv")
    assert sorted(predicted["image_name"]) == sorted(test["image_name"])


@pytest.mark.slow
def test_pipeline_learns(trained_run: Path) -> None:
    report = report_of(trained_run)
    print("out-of-fold ROC-AUC", report["oof_metrics"]["roc_auc"])
    assert report["oof_metrics"]["roc_auc"] > 0.75


@pytest.mark.slow
def test_threshold_fits_the_shipped_model_on_its_test_patients(trained_run: Path) -> None:
    """Recomputed from the saved predictions, and the predictions from the shipped files."""
    model, card = load_checkpoint(trained_run / "model.pt")
    predicted = pd.read_csv(trained_run / "test_predictions.csv")
    y, p = predicted["target"].to_numpy(), predicted["prob"].to_numpy()
    flagged = p >= card.threshold
    assert card.test_metrics is not None
    assert card.test_metrics.sensitivity.value == pytest.approx(flagged[y == 1].mean())
    assert card.test_metrics.specificity.value == pytest.approx((~flagged[y == 0]).mean())
    assert card.test_metrics.images == len(predicted)
    assert card.test_metrics.patients == predicted["patient_id"].nunique()
    for m in (
        card.test_metrics.roc_auc,
        card.test_metrics.sensitivity,
        card.test_metrics.specificity,
    ):
        assert m.ci95_low <= m.value <= m.ci95_high
    # The saved predictions are the shipped model's: re-scored from model.pt and model.onnx.
    splits = pd.read_csv(trained_run / "splits.csv")
    images = Path(json.loads((trained_run / "report.json").read_text())["data"]["images"])
    batch = np.stack(
        [model_input((images / f"{n}.jpg").read_bytes(), SIZE) for n in predicted["image_name"]]
    )
    with torch.no_grad():
        from_checkpoint = torch.sigmoid(model(torch.from_numpy(batch))).numpy().ravel()
    np.testing.assert_allclose(from_checkpoint, p, atol=1e-5)
    import onnxruntime as ort

    session = ort.InferenceSession(
        str(trained_run / "model.onnx"), providers=["CPUExecutionProvider"]
    )
    logits, maps = session.run(["logit", "cam"], {"image": batch})
    np.testing.assert_allclose(1 / (1 + np.exp(-logits.ravel())), p, atol=1e-4)
    assert maps.shape[0] == len(batch) and set(splits["split"]) == {"development", "test"}
    # And out of fold, where it was chosen, it reaches the target sensitivity.
    oof = pd.read_csv(trained_run / "oof.csv")
    hit = oof.loc[oof["target"] == 1, "prob"].to_numpy() >= card.threshold
    assert hit.mean() >= card.target_sensitivity == 0.90


@pytest.mark.slow
def test_the_card_says_how_it_was_made_and_why_it_is_not_validated(trained_run: Path) -> None:
    model, card = load_checkpoint(trained_run / "model.pt")
    assert not model.training and card.architecture == ARCHITECTURE and card.input_size == SIZE
    assert card.pretrained == "file" and card.temperature is not None
    assert card.validated is False
    assert "synthetic" in card.validation_reason and "test patients" in card.validation_reason
    assert card.validation_minima is not None
    assert card.validation_minima.roc_auc == 0.85 and card.validation_minima.sensitivity == 0.85
    assert "retrained on all" in card.shipped_model and "SYNTHETIC" in card.training_data
    assert any("skin type" in limit for limit in card.known_limits)
    with torch.no_grad():
        assert model(torch.zeros(1, 3, SIZE, SIZE)).shape == (1, 1)


@pytest.mark.slow
def test_held_out_evaluation(
    trained_run: Path, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    generate(
        tmp_path / "test",
        patients=20,
        images_per_patient=2,
        malignant_fraction=0.3,
        size=SIZE,
        seed=99,
    )
    csv, images = tmp_path / "test" / "train.csv", tmp_path / "test" / "jpeg" / "train"
    result = evaluate(trained_run / "model.pt", csv, images, progress=False)
    print("held-out ROC-AUC", result["roc_auc"])
    assert result["roc_auc"] > 0.75
    from training.evaluate import main as evaluate_main

    args = [
        "--checkpoint",
        str(trained_run / "model.pt"),
        "--csv",
        str(csv),
        "--images",
        str(images),
    ]
    assert evaluate_main([*args, "--no-progress"]) == 0
    assert "ROC-AUC" in capsys.readouterr().out


@pytest.mark.slow
def test_a_resumed_run_without_repeated_options_equals_the_uninterrupted_one(
    tmp_path: Path, trained_run: Path, data_dir: Path, imagenet_file: Path
) -> None:
    """The same data without its synthetic marker, stopped twice and resumed with --resume
    alone: the same weights and predictions, and a card that is still not validated."""
    copy = tmp_path / "data"
    shutil.copytree(data_dir, copy)
    (copy / MARKER_FILE).unlink()
    args = ["--data-dir", str(copy), "--output", str(tmp_path), "--experiment", "r",
            "--init-weights", str(imagenet_file), *COMMON]  # fmt: skip
    assert main([*args, "--stop-after-epochs", "2"]) == 3
    state = load_state(tmp_path / "r")
    assert (state["stage"], state["fold"], state["epoch"]) == ("folds", 0, 2)
    assert not (tmp_path / "r" / "model.pt").exists()
    assert main(["--resume", str(tmp_path / "r"), "--stop-after-epochs", "3"]) == 3
    assert main(["--resume", str(tmp_path / "r")]) == 0
    assert load_state(tmp_path / "r")["stage"] == "done"
    resumed, card = load_checkpoint(tmp_path / "r" / "model.pt")
    uninterrupted, _ = load_checkpoint(trained_run / "model.pt")
    for name, value in uninterrupted.state_dict().items():
        assert torch.equal(value, resumed.state_dict()[name]), name
    pd.testing.assert_frame_equal(
        pd.read_csv(tmp_path / "r" / "test_predictions.csv"),
        pd.read_csv(trained_run / "test_predictions.csv"),
    )
    # No marker, so no "synthetic" - but a handful of test patients is no evidence either.
    assert "SYNTHETIC" not in card.training_data
    assert card.validated is False and "too few to measure sensitivity" in card.validation_reason
    # Only session options may be given with --resume.
    assert main(["--resume", str(tmp_path / "r"), "--epochs", "9"]) == 2


def test_offline_imagenet_start_stops_with_one_line_naming_both_options(
    tmp_path: Path, data_dir: Path
) -> None:
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(sys.path),
        "TORCH_HOME": str(tmp_path / "torch"),  # no cached weights
        "https_proxy": "http://127.0.0.1:9",  # nothing listens: the download fails at once
        "HTTPS_PROXY": "http://127.0.0.1:9",
    }
    started = subprocess.run(
        [sys.executable, "-m", "training", "--data-dir", str(data_dir), "--output",
         str(tmp_path / "runs"), "--no-progress"],
        env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert started.returncode == 2
    errors = [line for line in started.stderr.splitlines() if " ERROR " in line]
    assert len(errors) == 1, started.stderr
    assert "--init-weights FILE" in errors[0] and "--no-pretrained" in errors[0]
    assert "Traceback" not in started.stderr


@pytest.mark.slow
def test_the_analyzer_serves_the_new_checkpoint_with_heatmaps_through_the_broker(
    trained_run: Path, tmp_path: Path
) -> None:
    """CPU, ONNX: the run's own model.onnx (two outputs) serves; results carry heatmap and card."""
    images = [lesion_jpeg(640 + 32 * n, 480, seed=n) for n in range(3)]
    requests = [
        AnalysisRequest(
            analysis_id=secrets.token_hex(8), user_id="u", image=image,
            creation_date=datetime.now(UTC),
        )
        for image in images
    ]  # fmt: skip
    with rabbitmq_vhost() as amqp_url:
        publisher = Publisher(amqp_url, delivery_limit=5)
        for request in requests:
            publisher.publish(
                topology.REQUEST_EXCHANGE, request.to_body(), message_id=request.analysis_id
            )
        publisher.close()
        env = AnalyzerSettings.environment_for(
            rabbitmq_url=amqp_url,
            model_checkpoint=trained_run / "model.pt",
            device="cpu",
            runtime="auto",
            onnx_cache_dir=tmp_path / "cache",
        )
        processes = LocalPlatform(env=env, log_dir=tmp_path)
        processes.start_service("analyzer", "analyzer-1")
        results: dict[str, dict] = {}
        try:
            deadline = time.monotonic() + 240
            connection = pika.BlockingConnection(pika.URLParameters(amqp_url))
            channel = connection.channel()
            while len(results) < len(requests) and time.monotonic() < deadline:
                method, _, body = channel.basic_get(topology.COMPLETED_QUEUE, auto_ack=True)
                if method is None:
                    time.sleep(0.3)
                    continue
                result = AnalysisResult.from_body(body)
                results[result.analysis_id] = result.model_dump()
            connection.close()
            log = processes.tail_log("analyzer-1", 200)
        finally:
            processes.stop()
    assert len(results) == len(requests), log
    assert f"{trained_run / 'model.onnx'} matches PyTorch" in log  # the run's own export served
    _, card = load_checkpoint(trained_run / "model.pt")
    for result in results.values():
        assert result["status"] == "completed"
        assert result["model"]["version"] == card.version == "short"
        assert result["is_melanoma"] == (result["result"] >= card.threshold)
        picture = Image.open(io.BytesIO(result["heatmap"]))
        assert picture.format == "PNG" and picture.width == picture.height
        published = result["model_card"]
        assert published["validated"] is False and published["pretrained"] == "file"
        assert published["test_metrics"]["sensitivity"]["value"] == pytest.approx(
            card.test_metrics.sensitivity.value if card.test_metrics else -1
        )
