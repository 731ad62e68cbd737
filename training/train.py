"""One training run: validate data, k-fold cross-validate, choose threshold and model, export.

The command line lives in ``training/__main__.py``; this module takes the resolved
configuration (a plain dict, as saved in the run folder's ``config.yaml``).
"""

from __future__ import annotations

import logging
import random
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import torch
import yaml
from torch.utils.data import DataLoader
from torchsampler import ImbalancedDatasetSampler

from luna_model.checkpoint import load_checkpoint, save_checkpoint
from luna_model.model_card import ModelCard
from luna_model.network import ARCHITECTURE, create_model
from luna_model.onnx_export import check_onnx_matches, export_onnx
from training import metrics, report
from training.augmentations import AugmentConfig, create_eval_transform, create_train_transform
from training.dataset import DataSummary, LesionDataset, load_and_validate
from training.engine import recompute_bn_stats, train_one_epoch, validate
from training.folds import assign_folds, check_no_patient_leak
from training.synthetic import MARKER_FILE

log = logging.getLogger(__name__)

STATE_FILE = "state.pt"
CONFIG_FILE = "config.yaml"
MODEL_FILE = "model.pt"
ONNX_FILE = "model.onnx"
REPORT_FILE = "report.json"
# Options that describe how this session runs, not what is trained: a resumed run takes them
# from its own command line instead of the saved configuration.
SESSION_KEYS = ("stop_after_epochs", "progress", "workers", "device", "threads", "resume")


class RunInterrupted(Exception):
    """The run stopped on purpose (``--stop-after-epochs``); resume it with ``--resume``."""


def resolve_paths(config: dict[str, Any]) -> tuple[Path, Path]:
    """The CSV and image folder: ``--csv``/``--images``, or SIIM-ISIC layout in ``--data-dir``."""
    data_dir = Path(config["data_dir"]) if config.get("data_dir") else None
    csv = config.get("csv") or (data_dir / "train.csv" if data_dir else None)
    images = config.get("images") or (data_dir / "jpeg" / "train" if data_dir else None)
    if csv is None or images is None:
        raise ValueError("give --data-dir, or both --csv and --images")
    return Path(csv), Path(images)


def find_synthetic_marker(csv_path: Path, images_dir: Path) -> Path | None:
    """The marker written by ``training.synthetic`` next to the CSV or above the images, if any."""
    for folder in [csv_path.parent, *images_dir.parents, images_dir]:
        marker = folder / MARKER_FILE
        if marker.is_file():
            return marker
    return None


def describe_training_data(config: dict[str, Any], summary: DataSummary, synthetic: bool) -> str:
    described = config.get("data_description") or f"data from {config['csv_resolved']}"
    text = f"{described}: {summary.describe()}"
    if synthetic:
        text = (
            "SYNTHETIC images from training.synthetic (drawn blobs, not photos of patients;"
            f" no clinical meaning) - {text}"
        )
    return text


def seed_everything(seed: int) -> None:
    random.seed(seed)
    np.random.seed(seed % 2**32)
    torch.manual_seed(seed)


def create_device(name: str) -> torch.device:
    if name == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    if name.startswith("cuda") and not torch.cuda.is_available():
        raise ValueError("--device cuda requested but no GPU is available")
    return torch.device(name)


def create_optimizer(model: torch.nn.Module, config: dict[str, Any]) -> torch.optim.Optimizer:
    if config["opt"] == "adamw":
        return torch.optim.AdamW(
            model.parameters(), lr=config["lr"], weight_decay=config["weight_decay"]
        )
    if config["opt"] == "sgd":
        return torch.optim.SGD(
            model.parameters(),
            lr=config["lr"],
            momentum=0.9,
            nesterov=True,
            weight_decay=config["weight_decay"],
        )
    raise ValueError(f"unknown optimiser {config['opt']!r}")


def create_scheduler(
    optimizer: torch.optim.Optimizer, config: dict[str, Any]
) -> torch.optim.lr_scheduler.LRScheduler:
    if config["sched"] == "cosine":
        return torch.optim.lr_scheduler.CosineAnnealingLR(
            optimizer, T_max=config["epochs"], eta_min=config["lr"] * 0.01
        )
    return torch.optim.lr_scheduler.LambdaLR(optimizer, lambda _: 1.0)


def create_loss(config: dict[str, Any], device: torch.device) -> torch.nn.Module:
    pos_weight = config.get("pos_weight")
    if pos_weight:
        return torch.nn.BCEWithLogitsLoss(
            pos_weight=torch.tensor([float(pos_weight)], device=device)
        )
    return torch.nn.BCEWithLogitsLoss()


def create_train_model(config: dict[str, Any]) -> torch.nn.Module:
    model = create_model()
    # Batch-norm momentum is a training-time setting (not stored in the weights); efficientnet's
    # default 0.01 suits long runs, short runs need the running statistics to catch up faster.
    if config.get("bn_momentum") is not None:
        for module in model.modules():
            if isinstance(module, torch.nn.modules.batchnorm._BatchNorm):
                module.momentum = config["bn_momentum"]
    return model


def create_loaders(
    frame: pd.DataFrame, fold: int, config: dict[str, Any], device: torch.device
) -> tuple[DataLoader, DataLoader, pd.DataFrame]:
    size = config["image_size"]
    train_frame = frame[frame["fold"] != fold]
    val_frame = frame[frame["fold"] == fold]
    augment = AugmentConfig(**config["augment"])
    train_set = LesionDataset(train_frame, create_train_transform(augment, size), size)
    val_set = LesionDataset(val_frame, create_eval_transform(size), size)
    sampler = ImbalancedDatasetSampler(train_set) if config["sampler"] == "balanced" else None
    common = {
        "batch_size": config["batch_size"],
        "num_workers": config["workers"],
        "pin_memory": device.type == "cuda",
        "persistent_workers": False,
    }
    train_loader = DataLoader(
        train_set,
        sampler=sampler,
        shuffle=sampler is None,
        drop_last=len(train_set) > config["batch_size"],
        **common,
    )
    val_loader = DataLoader(val_set, shuffle=False, **common)
    return train_loader, val_loader, val_frame


def _fold_card(config: dict[str, Any], fold: int, training_data: str) -> ModelCard:
    return ModelCard(
        version=f"{config['model_version']}-fold{fold}",
        architecture=ARCHITECTURE,
        input_size=config["image_size"],
        threshold=config["monitor_threshold"],
        validated=False,
        training_data=training_data,
        notes=f"Best epoch (validation ROC-AUC) of fold {fold}; an intermediate checkpoint.",
    )


def _save_state(run_dir: Path, state: dict[str, Any]) -> None:
    tmp = run_dir / (STATE_FILE + ".tmp")
    torch.save(state, tmp)
    tmp.replace(run_dir / STATE_FILE)


def load_state(run_dir: Path) -> dict[str, Any]:
    """The last saved state of a run folder (written after every epoch)."""
    path = run_dir / STATE_FILE
    if not path.is_file():
        raise FileNotFoundError(f"no {STATE_FILE} in {run_dir}: nothing to resume")
    return torch.load(path, map_location="cpu", weights_only=True)


def load_saved_config(run_dir: Path) -> dict[str, Any]:
    path = run_dir / CONFIG_FILE
    if not path.is_file():
        raise FileNotFoundError(f"no {CONFIG_FILE} in {run_dir}: not a training run folder")
    return yaml.safe_load(path.read_text())


def prepare_run_dir(config: dict[str, Any]) -> Path:
    name = config.get("experiment") or datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    run_dir = Path(config["output"]) / name
    if (run_dir / STATE_FILE).exists() or (run_dir / MODEL_FILE).exists():
        raise FileExistsError(
            f"{run_dir} already holds a run; use --resume {run_dir} or another --experiment"
        )
    run_dir.mkdir(parents=True, exist_ok=True)
    return run_dir


def run(config: dict[str, Any]) -> Path:
    """Train (or resume) the run described by ``config``; return the run folder.

    Raises :class:`training.dataset.DataError` for bad input before any training,
    and :class:`RunInterrupted` when ``stop_after_epochs`` ends the session early.
    """
    if config.get("resume"):
        run_dir = Path(config["resume"])
        saved = load_saved_config(run_dir)
        saved.update({k: config[k] for k in SESSION_KEYS if k in config})
        config = saved
        resumed = load_state(run_dir)
        log.info("resuming %s at fold %d epoch %d", run_dir, resumed["fold"], resumed["epoch"])
        state: dict[str, Any] | None = resumed
    else:
        state = None
        run_dir = None  # type: ignore[assignment]

    if config.get("threads"):
        torch.set_num_threads(config["threads"])
    device = create_device(config["device"])
    amp = bool(config["amp"]) and device.type == "cuda"
    progress = config["progress"]

    csv_path, images_dir = resolve_paths(config)
    summary = load_and_validate(
        csv_path,
        images_dir,
        check_images=config["check_images"],
        decode_size=config["image_size"],
        progress=progress,
    )
    if summary.unreadable:
        log.warning("%d unreadable images skipped", len(summary.unreadable))
    frame = assign_folds(summary.frame, config["folds"], config["seed"])
    marker = find_synthetic_marker(csv_path, images_dir)

    if run_dir is None:
        run_dir = prepare_run_dir(config)
        config["csv_resolved"] = str(csv_path)
        config["images_resolved"] = str(images_dir)
        config["model_version"] = config.get("model_version") or run_dir.name
        (run_dir / CONFIG_FILE).write_text(yaml.safe_dump(config, sort_keys=True))
    training_data = describe_training_data(config, summary, marker is not None)
    frame[["image_name", "patient_id", "target", "fold"]].to_csv(run_dir / "folds.csv", index=False)
    log.info(
        "data: %s; run folder %s; device %s (amp %s)", summary.describe(), run_dir, device, amp
    )

    if state is None:
        state = {"fold": 0, "epoch": 0, "completed": [], "history": [], "finished_training": False}
    loss_fn = create_loss(config, device)
    epochs_this_session = 0
    started = time.monotonic()

    for fold in range(state["fold"], config["folds"]):
        train_loader, val_loader, val_frame = create_loaders(frame, fold, config, device)
        seed_everything(config["seed"] + 1000 * fold)
        model = create_train_model(config).to(device)
        optimizer = create_optimizer(model, config)
        scheduler = create_scheduler(optimizer, config)
        scaler = torch.amp.GradScaler(device.type, enabled=amp)
        best_auc, best_epoch, best_probs = -1.0, -1, []
        start_epoch = 0
        if state.get("model") is not None and state["fold"] == fold:
            model.load_state_dict(state["model"])
            optimizer.load_state_dict(state["optimizer"])
            scheduler.load_state_dict(state["scheduler"])
            scaler.load_state_dict(state["scaler"])
            best_auc, best_epoch = state["best_auc"], state["best_epoch"]
            best_probs = list(state["best_probs"])
            start_epoch = state["epoch"]

        for epoch in range(start_epoch, config["epochs"]):
            # Seeding per (fold, epoch): a resumed run draws the batches an uninterrupted one would.
            seed_everything(config["seed"] + 1000 * fold + epoch + 1)
            tag = f"fold {fold + 1}/{config['folds']} epoch {epoch + 1}/{config['epochs']}"
            train_loss = train_one_epoch(
                model,
                train_loader,
                optimizer,
                loss_fn,
                device,
                scaler,
                amp=amp,
                description=f"train {tag}",
                progress=progress,
            )
            scheduler.step()
            if config.get("precise_bn_batches"):
                recompute_bn_stats(
                    model, train_loader, device, config["precise_bn_batches"], amp=amp
                )
            targets, probs, val_loss = validate(
                model,
                val_loader,
                loss_fn,
                device,
                amp=amp,
                description=f"validate {tag}",
                progress=progress,
            )
            epoch_metrics = metrics.compute_metrics(targets, probs, config["monitor_threshold"])
            auc = epoch_metrics["roc_auc"]
            improved = auc is not None and auc > best_auc
            if improved:
                best_auc, best_epoch, best_probs = float(auc), epoch, probs.tolist()
                save_checkpoint(
                    run_dir / f"fold{fold}" / "best.pt",
                    model,
                    _fold_card(config, fold, training_data),
                )
            entry = {
                "fold": fold,
                "epoch": epoch,
                "train_loss": train_loss,
                "val_loss": val_loss,
                "lr": optimizer.param_groups[0]["lr"],
                "best": improved,
                **epoch_metrics,
            }
            state["history"].append(entry)
            log.info(
                "%s: train loss %.4f, val loss %.4f, ROC-AUC %s, PR-AUC %s, sens %s, spec %s%s",
                tag,
                train_loss,
                val_loss,
                _f(auc),
                _f(epoch_metrics["pr_auc"]),
                _f(epoch_metrics["sensitivity"]),
                _f(epoch_metrics["specificity"]),
                " (best)" if improved else "",
            )
            state.update(
                fold=fold,
                epoch=epoch + 1,
                model=model.state_dict(),
                optimizer=optimizer.state_dict(),
                scheduler=scheduler.state_dict(),
                scaler=scaler.state_dict(),
                best_auc=best_auc,
                best_epoch=best_epoch,
                best_probs=best_probs,
            )
            _save_state(run_dir, state)
            epochs_this_session += 1
            stop_after = config.get("stop_after_epochs")
            if (
                stop_after
                and epochs_this_session >= stop_after
                and not (fold == config["folds"] - 1 and epoch == config["epochs"] - 1)
            ):
                raise RunInterrupted(
                    f"stopped after {epochs_this_session} epochs; continue with --resume {run_dir}"
                )

        state["completed"].append(
            {
                "fold": fold,
                "best_epoch": best_epoch,
                "best_roc_auc": best_auc,
                "image_names": val_frame["image_name"].tolist(),
                "probs": best_probs,
            }
        )
        state.update(
            fold=fold + 1, epoch=0, model=None, optimizer=None, scheduler=None, scaler=None
        )
        _save_state(run_dir, state)

    result = finish(run_dir, config, frame, state, training_data, summary, marker is not None)
    state["finished_training"] = True
    _save_state(run_dir, state)
    log.info("finished in %.0f s: %s", time.monotonic() - started, run_dir)
    return result


def _f(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.4f}"


def finish(
    run_dir: Path,
    config: dict[str, Any],
    frame: pd.DataFrame,
    state: dict[str, Any],
    training_data: str,
    summary: DataSummary,
    synthetic: bool,
) -> Path:
    """Choose the threshold on out-of-fold predictions, pick the shipped model, export, report."""
    check_no_patient_leak(frame)
    target_of = dict(zip(frame["image_name"], frame["target"], strict=True))
    oof_names = [n for c in state["completed"] for n in c["image_names"]]
    oof_probs = np.array([p for c in state["completed"] for p in c["probs"]], dtype=float)
    oof_targets = np.array([target_of[n] for n in oof_names], dtype=int)
    threshold = metrics.threshold_for_sensitivity(
        oof_targets, oof_probs, config["target_sensitivity"]
    )
    oof_metrics = metrics.compute_metrics(oof_targets, oof_probs, threshold)
    pd.DataFrame({"image_name": oof_names, "target": oof_targets, "prob": oof_probs}).to_csv(
        run_dir / "oof.csv", index=False
    )

    fold_metrics = []
    for c in state["completed"]:
        y = np.array([target_of[n] for n in c["image_names"]], dtype=int)
        fm = metrics.compute_metrics(y, c["probs"], threshold)
        fold_metrics.append({"fold": c["fold"], "best_epoch": c["best_epoch"], **fm})
    best = max(state["completed"], key=lambda c: c["best_roc_auc"])
    model, _ = load_checkpoint(run_dir / f"fold{best['fold']}" / "best.pt")

    card = ModelCard(
        version=config["model_version"],
        architecture=ARCHITECTURE,
        input_size=config["image_size"],
        threshold=threshold,
        # No held-out test split yet: cross-validation alone is no evidence for a clinician.
        validated=False,
        validation_reason=(
            "Not validated: the model was not tested on patients kept apart from training."
        ),
        training_data=training_data,
        fold_metrics=fold_metrics,
        oof_metrics=oof_metrics,
        target_sensitivity=config["target_sensitivity"],
        notes=(
            f"{config['folds']}-fold cross-validation grouped by patient, stratified by target;"
            f" weights are fold {best['fold']}'s best epoch ({best['best_epoch'] + 1}) by"
            f" validation ROC-AUC ({best['best_roc_auc']:.4f});"
            " not retrained on all data."
            f" The threshold gives sensitivity >= {config['target_sensitivity']}"
            " on the pooled out-of-fold"
            " predictions of all folds."
            + (" Trained on synthetic data: not for clinical use." if synthetic else "")
        ),
    )
    save_checkpoint(run_dir / MODEL_FILE, model, card)
    export_onnx(model, run_dir / ONNX_FILE, config["image_size"])
    onnx_diff = check_onnx_matches(model, run_dir / ONNX_FILE, tolerance=config["onnx_tolerance"])

    title = "out-of-fold, " + ("synthetic data" if synthetic else "cross-validation")
    report.plot_roc(run_dir / "roc.png", oof_targets, oof_probs, threshold, f"ROC ({title})")
    report.plot_pr(run_dir / "pr.png", oof_targets, oof_probs, threshold, f"PR ({title})")
    report.write_json(
        run_dir / REPORT_FILE,
        {
            "model_card": card.model_dump(mode="json"),
            "data": {
                "csv": config["csv_resolved"],
                "images": config["images_resolved"],
                "synthetic": synthetic,
                "listed_images": summary.n_listed,
                "used_images": len(summary.frame),
                "unreadable_images_skipped": len(summary.unreadable),
                "unreadable_examples": summary.unreadable[:20],
                "patients": summary.n_patients,
                "malignant_images": summary.n_malignant,
                "folds": {
                    str(f): {
                        "images": int((frame["fold"] == f).sum()),
                        "malignant": int(frame.loc[frame["fold"] == f, "target"].sum()),
                        "patients": int(frame.loc[frame["fold"] == f, "patient_id"].nunique()),
                    }
                    for f in range(config["folds"])
                },
            },
            "selection": "best epoch per fold by validation ROC-AUC; shipped model: best fold",
            "threshold": threshold,
            "target_sensitivity": config["target_sensitivity"],
            "oof_metrics": oof_metrics,
            "fold_metrics": fold_metrics,
            "history": state["history"],
            "onnx": {
                "file": ONNX_FILE,
                "max_abs_diff": onnx_diff,
                "tolerance": config["onnx_tolerance"],
            },
        },
    )
    log.info("out-of-fold at threshold %.4f:\n%s", threshold, metrics.format_metrics(oof_metrics))
    return run_dir
