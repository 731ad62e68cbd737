"""Train LUNA's melanoma model with patient-grouped k-fold cross-validation.

    python -m training --data-dir DATA --folds 5 --epochs 15 --image-size 240 --batch-size 32
    python -m training --config run.yaml
    python -m training --resume runs/EXPERIMENT

Options come from the defaults, then the optional YAML ``--config`` file, then the command
line. The resolved configuration is saved as ``config.yaml`` in the run folder.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from dataclasses import fields
from pathlib import Path
from typing import Any

import yaml

from luna_model.preprocessing import INPUT_SIZE
from training.augmentations import AugmentConfig
from training.dataset import DataError

log = logging.getLogger("training")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m training",
        description="Train EfficientNet-B1 for melanoma with patient-grouped k-fold CV.",
    )
    parser.add_argument("--config", type=Path, help="YAML file of option defaults")

    data = parser.add_argument_group("data")
    data.add_argument("--data-dir", help="SIIM-ISIC folder: train.csv and jpeg/train/")
    data.add_argument("--csv", help="train.csv (overrides --data-dir)")
    data.add_argument("--images", help="folder of images named <image_name>.jpg")
    data.add_argument(
        "--data-description",
        default="",
        help="what the data set is, for the model card (e.g. 'SIIM-ISIC 2020 training set')",
    )
    data.add_argument(
        "--no-check-images",
        dest="check_images",
        action="store_false",
        help="skip decoding every image before training (faster start, no skip list)",
    )
    data.add_argument("--workers", type=int, default=4, help="data loader processes")

    model = parser.add_argument_group("model")
    model.add_argument(
        "--image-size", type=int, default=INPUT_SIZE, help="input side in pixels (card.input_size)"
    )
    model.add_argument(
        "--bn-momentum",
        type=float,
        default=None,
        help="batch-norm momentum while training (default: EfficientNet's 0.01)",
    )

    model.add_argument(
        "--precise-bn-batches",
        type=int,
        default=0,
        help="before each validation, recompute batch-norm statistics over N training batches",
    )

    opt = parser.add_argument_group("optimiser")
    opt.add_argument("--opt", choices=["adamw", "sgd"], default="adamw")
    opt.add_argument("--lr", type=float, default=3e-4)
    opt.add_argument("--weight-decay", type=float, default=1e-4)
    opt.add_argument("--sched", choices=["cosine", "none"], default="cosine")
    opt.add_argument("--epochs", type=int, default=15)
    opt.add_argument("--batch-size", type=int, default=32)

    imbalance = parser.add_argument_group("class imbalance")
    imbalance.add_argument(
        "--sampler",
        choices=["balanced", "shuffle"],
        default="balanced",
        help="balanced: torchsampler.ImbalancedDatasetSampler; shuffle: plain random order",
    )
    imbalance.add_argument(
        "--pos-weight",
        type=float,
        default=None,
        help="weight of the malignant class in the loss (use with --sampler shuffle)",
    )

    aug = parser.add_argument_group("augmentation")
    defaults = AugmentConfig()
    for name, flag, what in [
        ("hair", "hair", "random hair strands"),
        ("random_resized_crop", "random-resized-crop", "random resized crop"),
        ("hflip", "hflip", "horizontal flips"),
        ("vflip", "vflip", "vertical flips"),
        ("color_jitter", "color-jitter", "colour jitter"),
        ("microscope", "microscope", "circular microscope mask"),
    ]:
        aug.add_argument(
            f"--{flag}",
            dest=f"aug_{name}",
            action=argparse.BooleanOptionalAction,
            default=getattr(defaults, name),
            help=what,
        )
    for name in ("hair_p", "crop_scale_min", "brightness", "contrast", "saturation", "hue"):
        aug.add_argument(
            f"--{name.replace('_', '-')}",
            dest=f"aug_{name}",
            type=float,
            default=getattr(defaults, name),
        )
    aug.add_argument(
        "--microscope-p", dest="aug_microscope_p", type=float, default=defaults.microscope_p
    )

    val = parser.add_argument_group("validation")
    val.add_argument("--folds", type=int, default=5, help="k of patient-grouped k-fold")
    val.add_argument(
        "--target-sensitivity",
        type=float,
        default=0.90,
        help="the decision threshold is chosen on out-of-fold predictions to reach this",
    )
    val.add_argument(
        "--monitor-threshold",
        type=float,
        default=0.5,
        help="threshold for the per-epoch sensitivity/specificity log lines",
    )
    val.add_argument("--onnx-tolerance", type=float, default=1e-4)

    run = parser.add_argument_group("run")
    run.add_argument("--output", default="runs", help="folder holding run folders")
    run.add_argument("--experiment", default="", help="run folder name (default: a timestamp)")
    run.add_argument("--model-version", default="", help="card version (default: run name)")
    run.add_argument("--seed", type=int, default=42)
    run.add_argument("--device", default="auto", help="auto, cpu, cuda or cuda:N")
    run.add_argument("--no-amp", dest="amp", action="store_false", help="no mixed precision")
    run.add_argument("--threads", type=int, default=0, help="CPU threads (0: torch default)")
    run.add_argument("--resume", default="", help="run folder to continue from its last state")
    run.add_argument(
        "--stop-after-epochs",
        type=int,
        default=0,
        help="end this session (resumably) after N epochs, e.g. for time-limited jobs",
    )
    run.add_argument("--no-progress", dest="progress", action="store_false")
    return parser


def parse_config(argv: Sequence[str] | None = None) -> dict[str, Any]:
    """Defaults, then the YAML file, then the command line, as one flat dict."""
    parser = build_parser()
    known, _ = parser.parse_known_args(argv)
    if known.config:
        if not known.config.is_file():
            parser.error(f"config file not found: {known.config}")
        loaded = yaml.safe_load(known.config.read_text()) or {}
        valid = {a.dest for a in parser._actions}
        unknown = sorted(set(loaded) - valid)
        if unknown:
            parser.error(f"unknown options in {known.config}: {unknown}")
        parser.set_defaults(**loaded)
    args = parser.parse_args(argv)
    config = {k: v for k, v in vars(args).items() if not k.startswith("aug_")}
    config["augment"] = {f.name: getattr(args, f"aug_{f.name}") for f in fields(AugmentConfig)}
    config["config"] = str(args.config) if args.config else None
    if not config["resume"] and not (config["data_dir"] or (config["csv"] and config["images"])):
        parser.error("give --data-dir, or both --csv and --images (or --resume RUN_DIR)")
    if not 0.0 < config["target_sensitivity"] <= 1.0:
        parser.error("--target-sensitivity must be in (0, 1]")
    return config


def main(argv: Sequence[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    config = parse_config(argv)
    from training.train import RunInterrupted, run

    try:
        run_dir = run(config)
    except DataError as exc:
        log.error("bad training data: %s", exc)
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
