"""The worker's scorer: ONNX Runtime without PyTorch in this process, or PyTorch on a GPU."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

from luna_analyzer_worker.onnx_scorer import OnnxScorer
from luna_analyzer_worker.scorer import Device, Scorer, model_info, pick_runtime
from luna_analyzer_worker.settings import AnalyzerSettings
from luna_model.model_card import ModelCard


class ModelUnavailable(RuntimeError):
    """The configured model could not be loaded or exported (the message, or the log, says why)."""


def _prepare_in_child() -> dict[str, object]:
    """Run ``onnx_prepare`` in a child process (same environment, logs to the same stderr)."""
    with tempfile.TemporaryDirectory(prefix="luna-prepare-") as tmp:
        out = Path(tmp) / "prepared.json"
        child = subprocess.run(
            [sys.executable, "-m", "luna_analyzer_worker.onnx_prepare", str(out)], check=False
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


def scorer_for(settings: AnalyzerSettings) -> tuple[Scorer, Device]:
    """The scorer the settings ask for, and the device it runs on."""
    if not _torch_serves(settings):
        prepared = _prepare_in_child()
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

    from luna_analyzer_worker.torch_scorer import load_scorer, pick_device
    from luna_model.checkpoint import CheckpointError

    if settings.torch_threads:
        torch.set_num_threads(settings.torch_threads)
    device = pick_device(settings.device)
    try:
        return load_scorer(settings.model_checkpoint, device, runtime="torch"), device
    except CheckpointError as exc:
        raise ModelUnavailable(str(exc)) from None
