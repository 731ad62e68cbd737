"""An analyzer that cannot load its model stops at once with one clear reason."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from luna_analyzer_worker.settings import AnalyzerSettings
from luna_common.settings import child_environment


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"not a checkpoint at all", "could not be read: not a LUNA checkpoint, or damaged"),
        (None, "checkpoint not found"),
    ],
)
@pytest.mark.parametrize("runtime", ["auto", "torch"])  # ONNX (a child prepares it) or PyTorch
def test_a_bad_checkpoint_stops_the_analyzer_with_its_reason(
    tmp_path: Path, content: bytes | None, reason: str, runtime: str
) -> None:
    checkpoint = tmp_path / "model.pt"
    if content is not None:
        checkpoint.write_bytes(content)
    env = child_environment(
        AnalyzerSettings.environment_for(model_checkpoint=checkpoint, device="cpu", runtime=runtime)
    )
    started = subprocess.run(
        [sys.executable, "-m", "luna_analyzer_worker"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert started.returncode == 1
    assert reason in started.stderr and str(checkpoint) in started.stderr
    assert "the analyzer stops" in started.stderr
    # No stack trace, and never torch's advice to load the file with weights_only=False.
    assert "Traceback" not in started.stderr and "weights_only" not in started.stderr
