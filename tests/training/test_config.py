"""The typed run configuration: defaults, YAML, command line, resume; and the validation rule."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from luna_model.model_card import ValidationMinima
from training.__main__ import parse_config
from training.config import ConfigError, TrainConfig
from training.validation import bootstrap_test_metrics, judge

CONFIGS = Path(__file__).resolve().parents[2] / "training" / "configs"


def test_yaml_then_command_line_fill_the_typed_config(tmp_path: Path) -> None:
    config = parse_config(
        ["--config", str(CONFIGS / "thesis.yaml"), "--data-dir", "D", "--epochs", "3", "--no-hair"]
    )
    assert isinstance(config, TrainConfig)
    assert (config.folds, config.epochs, config.data_dir) == (10, 3, Path("D"))
    assert config.augment.hair is False and config.augment.microscope is True
    assert config.start == "imagenet" and config.required_test_sensitivity == 0.85
    recommended = parse_config(["--config", str(CONFIGS / "recommended.yaml"), "--data-dir", "D"])
    assert (recommended.folds, recommended.epochs, recommended.calibrate) == (5, 15, True)
    assert parse_config(["--data-dir", "D", "--init-weights", "w.pth"]).start == "file"
    assert parse_config(["--data-dir", "D", "--no-pretrained"]).start == "none"


@pytest.mark.parametrize(
    ("yaml_text", "args", "message"),
    [
        ("epoch: 3\n", ["--data-dir", "D"], "epoch"),  # misspelt option in the file
        ("augment:\n  hairs: true\n", ["--data-dir", "D"], "hairs"),
        ("", ["--data-dir", "D", "--folds", "1"], "folds"),
        ("", [], "give --data-dir"),
    ],
)
def test_bad_options_are_refused_by_name(
    tmp_path: Path, yaml_text: str, args: list[str], message: str
) -> None:
    (tmp_path / "run.yaml").write_text(yaml_text)
    with pytest.raises(ConfigError, match=message):
        parse_config(["--config", str(tmp_path / "run.yaml"), *args])


def _predictions(auc_good: bool, melanomas: int) -> pd.DataFrame:
    rows = []
    for n in range(60):
        target = int(n < melanomas)
        prob = (0.8 if target else 0.2) if auc_good else 0.5
        rows.append({"patient_id": f"p{n // 2}", "target": target, "prob": prob + n * 1e-4})
    return pd.DataFrame(rows)


def test_validation_needs_real_data_enough_melanomas_and_the_minima() -> None:
    minima = ValidationMinima(roc_auc=0.85, sensitivity=0.85, test_melanomas=20)
    good = bootstrap_test_metrics(_predictions(True, 24), 0.5, resamples=200, seed=0)
    assert good.roc_auc.value == 1.0 and good.sensitivity.value == 1.0
    assert judge(good, minima, synthetic=False).validated is True
    synthetic = judge(good, minima, synthetic=True)
    assert synthetic.validated is False and "synthetic" in synthetic.reason
    few = bootstrap_test_metrics(_predictions(True, 6), 0.5, resamples=200, seed=0)
    verdict = judge(few, minima, synthetic=False)
    assert verdict.validated is False and "too few" in verdict.reason
    poor = bootstrap_test_metrics(_predictions(False, 24), 0.9, resamples=200, seed=0)
    verdict = judge(poor, minima, synthetic=False)
    assert verdict.validated is False and "below the required" in verdict.reason
    assert judge(None, minima, synthetic=False).validated is False


def test_bootstrap_intervals_resample_patients_and_contain_the_estimate() -> None:
    frame = pd.DataFrame(
        {"patient_id": [f"p{n // 3}" for n in range(90)], "target": [n % 3 == 0 for n in range(90)],
         "prob": [((n * 37) % 100) / 100 for n in range(90)]}
    )  # fmt: skip
    test = bootstrap_test_metrics(frame, 0.5, resamples=300, seed=1)
    assert test.patients == 30 and test.images == 90 and test.malignant_images == 30
    for m in (test.roc_auc, test.sensitivity, test.specificity):
        assert m.ci95_low <= m.value <= m.ci95_high and m.ci95_high - m.ci95_low > 0.01
