"""Side by side: a phase of this checkout against an earlier commit, in one run.

``python -m benchmarks.compare --phase ingest --baseline <commit>`` checks the commit out into
a temporary git worktree and runs the phase alternately on the baseline and on this checkout
(A B B A ...), each on a platform of its own, so both see the same machine and the same
noise; it prints each run and the ratio of the medians. Both use this checkout's Python
environment: the comparison is of the code. Phases:

- ``ingest``: (4), API ingest (wrk, accepted submissions per second and latency);
- ``latency``: (3) at light load, one request per second, submit to completed (p50, p90).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent

# Run inside a checkout, with its own API, workers and benchmark code (benchmarks/__main__.py).
_INGEST = """
import argparse, json, sys, tempfile
from pathlib import Path
from benchmarks.__main__ import ingest_phase
from benchmarks.photos import jpeg_of_about
seconds, api_workers, connections, image_kb = map(int, sys.argv[1:5])
out = ingest_phase(
    argparse.Namespace(connections=connections), jpeg_of_about(image_kb * 1000),
    seconds, api_workers, Path(tempfile.mkdtemp(prefix="luna-compare-")),
)
out.pop("wrk_output", None)
print("RESULT " + json.dumps(out))
"""
# One analyzer per core and one registrar, as phase (3); the first analysis warms them up.
_LATENCY = """
import json, os, sys, tempfile
from pathlib import Path
from benchmarks import end_to_end
from benchmarks.photos import jpeg_of_about
from luna_analyzer_worker.settings import AnalyzerSettings
from luna_testing.platform import isolated_platform
seconds, image_kb = int(sys.argv[1]), int(sys.argv[4])
work = Path(tempfile.mkdtemp(prefix="luna-compare-"))
env = AnalyzerSettings.environment_for(
    onnx_cache_dir=work / "onnx-cache", log_level="WARNING", onnx_threads=1
)
image = jpeg_of_about(image_kb * 1000)
with isolated_platform(
    work / "logs", mongo_storage=work / "mongo", analyzers=os.cpu_count() or 1,
    registrars=1, extra_env=env,
) as platform:
    token = platform.sign_in(*platform.create_user())
    end_to_end.light_load(platform.api_url, token, image, rate_per_s=1, seconds=1, poll_s=0.05)
    out = end_to_end.light_load(
        platform.api_url, token, image, rate_per_s=1.0, seconds=seconds, poll_s=0.02
    )
print("RESULT " + json.dumps(out))
"""
_PHASES = {"ingest": _INGEST, "latency": _LATENCY}


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.compare", description=__doc__)
    parser.add_argument("--phase", choices=sorted(_PHASES), default="ingest")
    parser.add_argument("--baseline", required=True, help="the commit to compare with")
    parser.add_argument("--rounds", type=int, default=3, help="runs of each (default 3)")
    parser.add_argument(
        "--duration", type=int, default=15, help="seconds per run (latency: requests per run)"
    )
    parser.add_argument("--api-workers", type=int, default=2)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--image-kb", type=int, default=200)
    parser.add_argument("--out", type=Path, default=None, help="JSON file to write")
    return parser.parse_args(argv)


def run_once(checkout: Path, args: argparse.Namespace) -> dict[str, Any]:
    """One run of the phase with ``checkout``'s code; its figures."""
    code = _PHASES[args.phase]
    command = [sys.executable, "-c", code, str(args.duration), str(args.api_workers)]
    command += [str(args.connections), str(args.image_kb)]
    done = subprocess.run(
        command,
        cwd=checkout,
        env={**os.environ, "PYTHONPATH": str(checkout)},
        capture_output=True,
        text=True,
        timeout=args.duration + 300,
    )
    for line in done.stdout.splitlines():
        if line.startswith("RESULT "):
            return dict(json.loads(line.removeprefix("RESULT ")))
    raise RuntimeError(f"no result from {checkout}: {done.stderr[-2000:]}")


# What each phase's runs are summarised by, and which figure the ratio compares.
_FIGURES = {
    "ingest": ("accepted_per_s", "p50_ms", "p99_ms", "non_2xx"),
    "latency": ("p50_ms", "p95_ms", "p99_ms", "mean_ms"),
}
_RATIO_OF = {"ingest": "accepted_per_s", "latency": "p50_ms"}


def summary(phase: str, runs: list[dict[str, Any]]) -> dict[str, Any]:
    """Each figure of every run, and its median over the runs."""
    out: dict[str, Any] = {}
    for figure in _FIGURES[phase]:
        values = [run[figure] for run in runs]
        out[figure] = [round(value, 1) for value in values]
        out[f"median_{figure}"] = round(statistics.median(values), 1)
    return out


def describe(phase: str, run: dict[str, Any]) -> str:
    return "  ".join(f"{figure} {run[figure]:7.1f}" for figure in _FIGURES[phase])


def main(argv: list[str] | None = None) -> None:
    from benchmarks import machine

    args = parse_args(argv)
    head = subprocess.run(
        ["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    results: dict[str, list[dict[str, Any]]] = {"baseline": [], "current": []}
    with tempfile.TemporaryDirectory(prefix="luna-baseline-") as tmp:
        baseline = Path(tmp) / "checkout"
        subprocess.run(
            ["git", "-C", str(REPO), "worktree", "add", "--detach", str(baseline), args.baseline],
            check=True,
            capture_output=True,
        )
        for venv in (".venv", ".venv-secantus"):  # ignored by git, so not in the worktree
            if (REPO / venv).exists():
                (baseline / venv).symlink_to(REPO / venv)
        try:
            for round_ in range(args.rounds):
                # A B, then B A: neither side always runs on a warmer machine.
                order = [("baseline", baseline), ("current", REPO)]
                for name, checkout in order if round_ % 2 == 0 else order[::-1]:
                    run = run_once(checkout, args)
                    results[name].append(run)
                    print(f"round {round_ + 1} {name:8} {describe(args.phase, run)}", flush=True)
        finally:
            subprocess.run(
                ["git", "-C", str(REPO), "worktree", "remove", "--force", str(baseline)],
                check=False,
                capture_output=True,
            )
    report = {
        "command": "python -m benchmarks.compare " + " ".join(argv or sys.argv[1:]),
        "phase": args.phase,
        "machine": machine.describe(),
        "baseline_commit": args.baseline,
        "current_commit": head + " (with uncommitted changes, if any)",
        "baseline": summary(args.phase, results["baseline"]),
        "current": summary(args.phase, results["current"]),
    }
    figure = f"median_{_RATIO_OF[args.phase]}"
    report[f"ratio_{_RATIO_OF[args.phase]}"] = round(
        report["current"][figure] / report["baseline"][figure], 2
    )
    print(json.dumps(report, indent=2))
    if args.out:
        args.out.write_text(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
