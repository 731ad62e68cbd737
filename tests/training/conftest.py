"""Synthetic data sets shared by the training tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from training.synthetic import generate


@pytest.fixture(scope="session")
def small_dataset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("synthetic-small")
    generate(out, patients=12, images_per_patient=2, malignant_fraction=0.3, size=32, seed=3)
    return out
