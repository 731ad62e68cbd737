"""What the benchmark ran on, in words and numbers."""

from __future__ import annotations

import os
import platform
import subprocess
from typing import Any

import onnxruntime
import torch


def describe() -> dict[str, Any]:
    lscpu = subprocess.run(["lscpu"], capture_output=True, text=True).stdout
    fields = dict(line.split(":", 1) for line in lscpu.splitlines() if ":" in line)
    with open("/proc/meminfo") as meminfo:
        total_kib = int(meminfo.readline().split()[1])
    gpu = torch.cuda.get_device_name(0) if torch.cuda.is_available() else None
    return {
        "cpu_model": fields.get("Model name", platform.processor()).strip(),
        "cpu_family_model": "/".join(fields.get(k, "?").strip() for k in ("CPU family", "Model")),
        "cores": os.cpu_count(),
        "memory_gib": round(total_kib / 1024**2, 1),
        "gpu": gpu,
        "avx512": "avx512f" in fields.get("Flags", ""),
        "python": platform.python_version(),
        "torch": torch.__version__,
        "onnxruntime": onnxruntime.__version__,
        "load_average_at_start": os.getloadavg(),
    }
