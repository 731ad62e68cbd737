"""Temperature scaling: one number that makes the model's scores read as probabilities.

Fitted on out-of-fold predictions (never on the test patients) by minimising the log loss of
``sigmoid(logit / T)``; folded into the head's weights, so the exported model needs no change.
"""

from __future__ import annotations

import numpy as np
import torch
from scipy.optimize import minimize_scalar


def logits_of(probabilities: np.ndarray) -> np.ndarray:
    p = np.clip(np.asarray(probabilities, dtype=np.float64), 1e-7, 1 - 1e-7)
    return np.log(p / (1 - p))


def scaled(probabilities: np.ndarray, temperature: float) -> np.ndarray:
    """The probabilities a model with its logits divided by ``temperature`` gives."""
    return 1 / (1 + np.exp(-logits_of(probabilities) / temperature))


def fit_temperature(targets: np.ndarray, probabilities: np.ndarray) -> float:
    """The temperature in [0.05, 20] that minimises the log loss on these predictions."""
    z = logits_of(probabilities)
    y = np.asarray(targets, dtype=np.float64)

    def log_loss(log_t: float) -> float:
        scaled_z = z / np.exp(log_t)
        # log(1 + exp(-s)) for positives, log(1 + exp(s)) for negatives, computed stably
        return float(np.mean(np.logaddexp(0, -scaled_z) * y + np.logaddexp(0, scaled_z) * (1 - y)))

    result = minimize_scalar(log_loss, bounds=(np.log(0.05), np.log(20.0)), method="bounded")
    return float(np.exp(result.x))


@torch.no_grad()
def fold_temperature(model: torch.nn.Module, temperature: float) -> None:
    """Divide the head (``_fc``) by ``temperature``: the model then outputs ``logit / T``."""
    head = model.get_submodule("_fc")
    if not isinstance(head, torch.nn.Linear):
        raise TypeError("expected EfficientNet's linear head _fc")
    head.weight.div_(temperature)
    if head.bias is not None:
        head.bias.div_(temperature)
