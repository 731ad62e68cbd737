"""Train LUNA's melanoma model: held-out test patients, patient-grouped k-fold cross-validation,
then one model retrained on all non-test patients and judged on the test patients.

    python -m training --data-dir DATA --init-weights efficientnet-b1-f1951068.pth
    python -m training --config training/configs/recommended.yaml --data-dir DATA
    python -m training --resume runs/EXPERIMENT

Options come from the defaults (:class:`training.config.TrainConfig`), then the optional YAML
``--config`` file, then the command line. The resolved configuration is saved as
``config.yaml`` in the run folder; ``--resume`` reads it back, so only session options
(``--workers``, ``--device``, ``--threads``, ``--stop-after-epochs``, ``--no-progress``) may be
given again.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from luna_model.network import PretrainedWeightsUnavailable
from training.config import (
    SESSION_FIELDS,
    AugmentConfig,
    ConfigError,
    TrainConfig,
    build_config,
    merge,
    read_yaml,
)
from training.dataset import DataError
from training.run_state import CONFIG_FILE, RunInterrupted

log = logging.getLogger("training")
_AUGMENT_PREFIX = "aug_"


def build_parser() -> argparse.ArgumentParser:
    """Options in named groups; none has a default here (``TrainConfig`` holds them), so the
    parsed namespace holds exactly what the command line gave. (Long: one line per option.)"""
    parser = argparse.ArgumentParser(
        prog="python -m training",
        description="Train EfficientNet-B1 for melanoma, validated on held-out test patients.",
        argument_default=argparse.SUPPRESS,
    )
    parser.add_argument("--config", type=Path, help="YAML file of options (see training/configs)")

    data = parser.add_argument_group("data")
    data.add_argument("--data-dir", type=Path, help="SIIM-ISIC folder: train.csv and jpeg/train/")
    data.add_argument("--csv", type=Path, help="train.csv (overrides --data-dir)")
    data.add_argument("--images", type=Path, help="folder of images named <image_name>.jpg")
    data.add_argument("--data-description", help="what the data set is, for the model card")
    data.add_argument("--no-check-images", dest="check_images", action="store_false")
    data.add_argument("--workers", type=int, help="data loader processes (default 4)")

    model = parser.add_argument_group("model")
    model.add_argument("--image-size", type=int, help="input side in pixels (default 240)")
    model.add_argument(
        "--pretrained",
        choices=["imagenet", "none"],
        help="start from ImageNet weights (default; downloaded by efficientnet-pytorch) or not",
    )
    model.add_argument(
        "--no-pretrained",
        dest="pretrained",
        action="store_const",
        const="none",
        help="train from scratch (random weights)",
    )
    model.add_argument(
        "--init-weights", type=Path, help="ImageNet weights from this file (machines offline)"
    )
    model.add_argument("--bn-momentum", type=float, help="batch-norm momentum while training")
    model.add_argument(
        "--precise-bn-batches",
        type=int,
        help="before each evaluation, recompute batch-norm statistics over N training batches",
    )

    opt = parser.add_argument_group("optimiser")
    opt.add_argument("--opt", choices=["adamw", "sgd"])
    opt.add_argument("--lr", type=float)
    opt.add_argument("--weight-decay", type=float)
    opt.add_argument("--sched", choices=["cosine", "none"])
    opt.add_argument("--epochs", type=int)
    opt.add_argument("--batch-size", type=int)

    imbalance = parser.add_argument_group("class imbalance")
    imbalance.add_argument("--sampler", choices=["balanced", "shuffle"])
    imbalance.add_argument("--pos-weight", type=float, help="malignant class weight in the loss")

    aug = parser.add_argument_group("augmentation")
    for name, field in AugmentConfig.model_fields.items():
        flag = "--" + name.replace("_", "-")
        if field.annotation is bool:
            aug.add_argument(
                flag, dest=_AUGMENT_PREFIX + name, action=argparse.BooleanOptionalAction
            )
        else:
            aug.add_argument(flag, dest=_AUGMENT_PREFIX + name, type=float)

    val = parser.add_argument_group("validation and testing")
    val.add_argument("--folds", type=int, help="k of patient-grouped k-fold (default 5)")
    val.add_argument("--test-fraction", type=float, help="held-out test patients (default 0.15)")
    val.add_argument("--target-sensitivity", type=float, help="threshold goal (default 0.90)")
    val.add_argument("--min-test-roc-auc", type=float, help="needed to validate (default 0.85)")
    val.add_argument(
        "--min-test-sensitivity", type=float, help="needed to validate (default target - 0.05)"
    )
    val.add_argument("--calibrate", action=argparse.BooleanOptionalAction)
    val.add_argument("--bootstrap", type=int, help="bootstrap resamples for the 95%% intervals")
    val.add_argument("--monitor-threshold", type=float)
    val.add_argument("--onnx-tolerance", type=float)

    run = parser.add_argument_group("run")
    run.add_argument("--output", type=Path, help="folder holding run folders")
    run.add_argument("--experiment", help="run folder name (default: a timestamp)")
    run.add_argument("--model-version", help="card version (default: run name)")
    run.add_argument("--seed", type=int)
    run.add_argument("--device", help="auto, cpu, cuda or cuda:N")
    run.add_argument("--no-amp", dest="amp", action="store_false", help="no mixed precision")
    run.add_argument("--threads", type=int, help="CPU threads (0: torch default)")
    run.add_argument("--resume", type=Path, help="run folder to continue from its last state")
    run.add_argument("--stop-after-epochs", type=int, help="end this session after N epochs")
    run.add_argument("--no-progress", dest="progress", action="store_false")
    return parser


def _given(namespace: argparse.Namespace) -> dict[str, Any]:
    """The options the command line gave, shaped like TrainConfig (augment nested)."""
    given = dict(vars(namespace))
    augment = {
        key[len(_AUGMENT_PREFIX) :]: given.pop(key)
        for key in list(given)
        if key.startswith(_AUGMENT_PREFIX)
    }
    if augment:
        given["augment"] = augment
    return given


def parse_config(argv: Sequence[str] | None = None) -> TrainConfig:
    """Defaults, then the YAML file, then the command line; or a resumed run's saved config."""
    given = _given(build_parser().parse_args(argv))
    resume = given.get("resume")
    if resume is not None:
        not_session = sorted(set(given) - SESSION_FIELDS)
        if not_session:
            raise ConfigError(
                f"--resume continues {resume} with its saved options; only session options"
                f" may be given again, not {', '.join(not_session)}"
            )
        saved = read_yaml(Path(resume) / CONFIG_FILE)
        return build_config(merge(saved, given), source=str(Path(resume) / CONFIG_FILE))
    from_file = read_yaml(given["config"]) if "config" in given else {}
    source = f"{given['config']} and the command line" if "config" in given else "command line"
    return build_config(merge(from_file, given), source=source)


def main(argv: Sequence[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    try:
        config = parse_config(argv)
    except ConfigError as exc:
        log.error("%s", exc)
        return 2
    from training.train import run

    try:
        run_dir = run(config)
    except DataError as exc:
        log.error("bad training data: %s", exc)
        return 2
    except PretrainedWeightsUnavailable as exc:
        log.error("%s", exc)
        return 2
    except RunInterrupted as exc:
        log.warning("%s", exc)
        return 3
    except (FileNotFoundError, FileExistsError, ValueError) as exc:
        log.error("%s", exc)
        return 2
    print(run_dir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
