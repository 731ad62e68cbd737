#!/usr/bin/env bash
# The GPU checks of issue 15, in one command, on a lent GPU machine (no services there).
# Here, once: echo /.gpu/ >> .git/info/exclude; mkdir -p .gpu; cp ../shared/gpu/wheels/*.whl .gpu/
# There (the device tool, carry [".gpu"]): bash scripts/gpu_check.sh
# Writes gpu_tests.log, bench.json and bench.log to $OUT (default /tmp/out).
set -uo pipefail
OUT=${OUT:-/tmp/out}
mkdir -p "$OUT"
python3 -m pip install -q --no-index --no-deps --no-compile --target /tmp/site .gpu/*.whl || exit 1
export PYTHONPATH=/tmp/site:$PWD PYTHONUNBUFFERED=1
nvidia-smi -L; python3 -c "import torch, torchvision; print(torch.__version__, torchvision.__version__, torch.cuda.get_device_name(0))"
# The CUDA tests (nvJPEG against Pillow, probabilities, CUDA graphs against eager); the root
# conftest needs the services' clients, so conftest discovery stops at tests/analyzer_perf.
timeout 240 python3 -m pytest -q -rs -p no:cacheprovider --confcutdir=tests/analyzer_perf \
  tests/analyzer_perf/test_torch_images.py tests/analyzer_perf/test_rendition.py 2>&1 | tee "$OUT/gpu_tests.log"
# The bare model (host and device-resident input, CUDA graphs) and the in-process drain:
# renditions and photos, sequential and overlapped, heatmaps off and on, batch 64.
timeout 300 python3 -m benchmarks --device cuda --only inprocess --duration 9 \
  --out "$OUT/bench.json" 2>&1 | grep -v Warning | tee "$OUT/bench.log"
