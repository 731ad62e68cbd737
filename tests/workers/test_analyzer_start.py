"""An analyzer that cannot load its model stops at once with one clear reason."""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path

import pytest

from luna_analyzer_worker.serving import ModelNotAllowed, check_model_allowed
from luna_analyzer_worker.settings import AnalyzerSettings
from luna_common.settings import child_environment, variable_name
from luna_model.checkpoint import unvalidated_model


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


def test_production_refuses_the_unvalidated_model_with_one_line() -> None:
    env = child_environment(
        AnalyzerSettings.environment_for(environment="production", device="cpu", runtime="torch")
    )
    started = subprocess.run(
        [sys.executable, "-m", "luna_analyzer_worker"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert started.returncode == 1
    refusal = [line for line in started.stderr.splitlines() if "the analyzer stops" in line]
    assert len(refusal) == 1, started.stderr
    assert "is not validated" in refusal[0] and "untrained" in refusal[0]
    assert f"{variable_name('allow_unvalidated_model')}=true" in refusal[0]
    assert "Traceback" not in started.stderr


def test_an_unvalidated_model_serves_in_production_only_when_allowed(
    caplog: pytest.LogCaptureFixture,
) -> None:
    _, card = unvalidated_model()
    production = AnalyzerSettings(environment="production")
    with pytest.raises(ModelNotAllowed, match=variable_name("allow_unvalidated_model")):
        check_model_allowed(card, production)
    allowed = production.model_copy(update={"allow_unvalidated_model": True})
    with caplog.at_level(logging.WARNING):
        check_model_allowed(card, allowed)  # no exception, a warning
    assert "UNVALIDATED" in caplog.text and "untrained" in caplog.text
    check_model_allowed(card, AnalyzerSettings(environment="development"))
