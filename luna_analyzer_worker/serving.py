"""The one scorer factory: production, tests and benchmarks all build their scorer here.

On a CPU, ONNX Runtime serves and PyTorch never enters the serving process: a child process
(``onnx_prepare``) exports the checkpoint and checks the file against PyTorch. On a GPU (or
with ``runtime="torch"``) PyTorch serves, imported only then.
"""

from __future__ import annotations

import json
import logging
import subprocess
import sys
import tempfile
from pathlib import Path

from luna_analyzer_worker.analysis import BatchDecoder
from luna_analyzer_worker.metrics import TimedBatchDecoder, TimedDecoder
from luna_analyzer_worker.onnx_scorer import OnnxScorer
from luna_analyzer_worker.scorer import Device, Scorer, model_info, pick_runtime
from luna_analyzer_worker.settings import AnalyzerSettings
from luna_model.model_card import ModelCard

log = logging.getLogger(__name__)


class ModelUnavailable(RuntimeError):
    """The configured model could not be loaded or exported (the message, or the log, says why)."""


class ModelNotAllowed(ModelUnavailable):
    """The model may not serve here: production and a card that is not validated."""


def _prepare_in_child(settings: AnalyzerSettings) -> dict[str, object]:
    """Run ``onnx_prepare`` in a child process (same environment, logs to the same stderr).

    The settings travel as a JSON file, so a child prepares exactly what this process was asked
    for, whether the settings came from the environment or were built in code.
    """
    with tempfile.TemporaryDirectory(prefix="luna-prepare-") as tmp:
        given, out = Path(tmp) / "settings.json", Path(tmp) / "prepared.json"
        given.write_text(settings.model_dump_json())
        child = subprocess.run(
            [sys.executable, "-m", "luna_analyzer_worker.onnx_prepare", str(given), str(out)],
            check=False,
        )
        if child.returncode != 0:
            raise ModelUnavailable(
                f"the model could not be prepared (exit {child.returncode}; its error is above)"
            )
        prepared: dict[str, object] = json.loads(out.read_text())
    return prepared


def _torch_serves(settings: AnalyzerSettings) -> bool:
    """True when the settings alone say PyTorch serves, so no child has to find out."""
    if settings.runtime == "torch":
        return True
    return settings.device != "auto" and pick_runtime(settings.runtime, settings.device) == "torch"


def check_model_allowed(card: ModelCard, settings: AnalyzerSettings) -> None:
    """Refuse an unvalidated model in production unless explicitly allowed (then warn)."""
    if card.validated:
        return
    if settings.environment == "production" and not settings.allow_unvalidated_model:
        raise ModelNotAllowed(
            f"model {card.name} {card.version} is not validated"
            f" ({card.validation_reason or 'its card says so'}); in production the analyzer"
            " serves only a checkpoint whose card says validated: true"
            " (set LUNA_MODEL_CHECKPOINT), or set LUNA_ALLOW_UNVALIDATED_MODEL=true to serve it"
            " anyway"
        )
    log.warning(
        "serving the UNVALIDATED model %s %s: every result says so. %s",
        card.name,
        card.version,
        card.validation_reason,
    )


def scorer_for(settings: AnalyzerSettings) -> tuple[Scorer, Device]:
    """The scorer the settings ask for, and the device it runs on.

    Raises :class:`ModelUnavailable` when the model cannot be loaded or prepared, and
    :class:`ModelNotAllowed` when it may not serve under these settings.
    """
    scorer, device = _build(settings)
    check_model_allowed(scorer.card, settings)
    return scorer, device


def _build(settings: AnalyzerSettings) -> tuple[Scorer, Device]:
    if not _torch_serves(settings):
        prepared = _prepare_in_child(settings)
        device: Device = "cuda" if prepared["device"] == "cuda" else "cpu"
        if prepared["runtime"] == "onnx":
            card = ModelCard.model_validate(prepared["card"])
            scorer = OnnxScorer(
                path=Path(str(prepared["path"])),
                card=card,
                info=model_info(card),
                threads=settings.onnx_threads,
                device=device,
            )
            return scorer, device
    # PyTorch serves (a GPU by default): only then is it imported here.
    import torch

    from luna_analyzer_worker.torch_scorer import TorchScorer, load_model, pick_device
    from luna_model.checkpoint import CheckpointError

    if settings.torch_threads:
        torch.set_num_threads(settings.torch_threads)
    device = pick_device(settings.device)
    try:
        model, card = load_model(settings.model_checkpoint)
    except CheckpointError as exc:
        raise ModelUnavailable(str(exc)) from None
    graphs = tuple(settings.cuda_graph_batches) if device == "cuda" else ()
    return TorchScorer(model=model, card=card, device=device, graph_batches=graphs), device


def decoder_for(settings: AnalyzerSettings, input_size: int, device: Device) -> BatchDecoder:
    """Where images are decoded: on the GPU (nvJPEG) when PyTorch serves there and
    ``gpu_decode`` is on, else on the CPU (Pillow, ``decode_threads`` threads); timed."""
    cpu = TimedDecoder(input_size, settings.decode_threads)
    if device != "cuda" or not settings.gpu_decode or not _torch_serves_on(settings, device):
        return cpu
    from luna_analyzer_worker.torch_images import TorchImageDecoder

    return TimedBatchDecoder(TorchImageDecoder(input_size, device, fallback=cpu))


def _torch_serves_on(settings: AnalyzerSettings, device: Device) -> bool:
    return pick_runtime(settings.runtime, device) == "torch"
