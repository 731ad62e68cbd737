"""Export the configured model to ONNX and check it against PyTorch, before it serves anything.

The worker runs this as a child process
(``python -m luna_analyzer_worker.onnx_prepare SETTINGS_JSON OUT``)
so that PyTorch, which only the export and the check need, never stays in the serving process.
A ``model.onnx`` beside the checkpoint, or an earlier export in the cache, is reused once it
passes the same check; a file that disagrees with PyTorch is never used.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sys
import tempfile
from pathlib import Path

import torch

from luna_analyzer_worker.scorer import pick_runtime
from luna_analyzer_worker.settings import AnalyzerSettings
from luna_analyzer_worker.torch_scorer import load_model, pick_device
from luna_common import log_config
from luna_model.checkpoint import CheckpointError
from luna_model.model_card import ModelCard
from luna_model.onnx_export import OUTPUTS, OnnxMismatchError, check_onnx_matches, export_onnx

log = logging.getLogger("luna_analyzer_worker.onnx_prepare")  # not "__main__" when run with -m

# Max abs difference of logits allowed between the ONNX file and PyTorch (float32 both).
# Measured differences are ~1e-6; probabilities (sigmoid) differ by at most a quarter of this.
ONNX_TOLERANCE = 1e-4


def default_cache_dir() -> Path:
    return Path(tempfile.gettempdir()) / "luna-onnx"


def _cache_key(checkpoint: Path | None, card: ModelCard) -> str:
    digest = hashlib.sha256()
    if checkpoint is not None:
        with checkpoint.open("rb") as f:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                digest.update(chunk)
    else:
        digest.update(card.model_dump_json(exclude={"created_at"}).encode())
    digest.update(f"torch {torch.__version__}; outputs {'+'.join(OUTPUTS)}".encode())
    return digest.hexdigest()[:20]


def _checked(model: torch.nn.Module, path: Path, input_size: int) -> bool:
    try:
        diff = check_onnx_matches(model, path, tolerance=ONNX_TOLERANCE, input_size=input_size)
    except OnnxMismatchError as exc:
        log.warning("ONNX file %s does not match the PyTorch model: %s", path, exc)
        return False
    except Exception as exc:  # an unreadable or foreign file: export a fresh one
        log.warning("ONNX file %s could not be checked: %s", path, exc)
        return False
    log.info("ONNX file %s matches PyTorch (max logit diff %.2g)", path, diff)
    return True


def onnx_file_for(
    model: torch.nn.Module, card: ModelCard, checkpoint: Path | None, cache_dir: Path | None
) -> Path:
    """A checked ONNX file of ``model``: ``model.onnx`` beside the checkpoint, or a new export."""
    if checkpoint is not None:
        beside = checkpoint.parent / "model.onnx"
        if beside.is_file() and _checked(model, beside, card.input_size):
            return beside
    cache_dir = cache_dir or default_cache_dir()
    cache_dir.mkdir(parents=True, exist_ok=True)
    path = cache_dir / f"{card.name}-{_cache_key(checkpoint, card)}.onnx"
    if path.is_file() and _checked(model, path, card.input_size):
        return path
    # Written under a private name then renamed: workers starting together never read half a file.
    fd, tmp = tempfile.mkstemp(dir=cache_dir, suffix=".onnx.tmp")
    os.close(fd)
    try:
        export_onnx(model, tmp, card.input_size)
        check_onnx_matches(model, tmp, tolerance=ONNX_TOLERANCE, input_size=card.input_size)
        os.replace(tmp, path)
    finally:
        Path(tmp).unlink(missing_ok=True)
    log.info("exported the model to %s", path)
    return path


def prepare(settings: AnalyzerSettings) -> dict[str, object]:
    """Which runtime and device serve; for ONNX, the checked file and the model card."""
    device = pick_device(settings.device)
    runtime = pick_runtime(settings.runtime, device)
    if runtime == "torch":
        return {"runtime": runtime, "device": device}
    model, card = load_model(settings.model_checkpoint)
    path = onnx_file_for(model, card, settings.model_checkpoint, settings.onnx_cache_dir)
    return {
        "runtime": runtime,
        "device": device,
        "path": str(path),
        "card": card.model_dump(mode="json"),
    }


def main() -> None:
    # The parent's settings, as given to the factory (not re-read from the environment).
    settings = AnalyzerSettings.model_validate_json(Path(sys.argv[1]).read_text())
    log_config.configure(
        service="analyzer", log_format=settings.log_format, level=settings.log_level
    )
    # PyTorch only exports and checks here; one thread keeps it off the cores other workers use.
    torch.set_num_threads(settings.torch_threads or 1)
    try:
        prepared = prepare(settings)
    except CheckpointError as exc:
        log.error("%s", exc)  # says which file and why, in one line
        raise SystemExit(2) from None
    Path(sys.argv[2]).write_text(json.dumps(prepared))


if __name__ == "__main__":
    main()
