"""Side by side: API ingest of this checkout against an earlier commit, in one run.

``python -m benchmarks.compare_ingest --baseline <commit>`` checks the commit out into a
temporary git worktree and runs phase (4), API ingest, alternately on the baseline and on
this checkout (A B B A ...), each on a platform of its own, so both see the same machine and
the same noise; it prints each run and the ratio of the medians. Both use this checkout's
Python environment: the comparison is of the code.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent

# Run inside a checkout: its own API, platform and ingest phase (benchmarks/__main__.py).
_ONE_RUN = """
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


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.compare_ingest", description=__doc__
    )
    parser.add_argument("--baseline", required=True, help="the commit to compare with")
    parser.add_argument("--rounds", type=int, default=3, help="runs of each (default 3)")
    parser.add_argument("--duration", type=int, default=15, help="seconds per run")
    parser.add_argument("--api-workers", type=int, default=2)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--image-kb", type=int, default=200)
    parser.add_argument("--out", type=Path, default=None, help="JSON file to write")
    return parser.parse_args(argv)


def run_once(checkout: Path, args: argparse.Namespace) -> dict[str, Any]:
    """One ingest run of ``checkout``'s code; its figures."""
    command = [sys.executable, "-c", _ONE_RUN, str(args.duration), str(args.api_workers)]
    command += [str(args.connections), str(args.image_kb)]
    done = subprocess.run(
        command,
        cwd=checkout,
        env={**_clean_environment(), "PYTHONPATH": str(checkout)},
        capture_output=True,
        text=True,
        timeout=args.duration + 300,
    )
    for line in done.stdout.splitlines():
        if line.startswith("RESULT "):
            return dict(json.loads(line.removeprefix("RESULT ")))
    raise RuntimeError(f"no result from {checkout}: {done.stderr[-2000:]}")


def _clean_environment() -> dict[str, str]:
    import os

    return {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}


def summary(runs: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "accepted_per_s": [round(r["accepted_per_s"], 1) for r in runs],
        "p99_ms": [round(r["p99_ms"], 1) for r in runs],
        "median_accepted_per_s": round(statistics.median(r["accepted_per_s"] for r in runs), 1),
        "median_p50_ms": round(statistics.median(r["p50_ms"] for r in runs), 1),
        "median_p99_ms": round(statistics.median(r["p99_ms"] for r in runs), 1),
        "non_2xx": sum(r["non_2xx"] for r in runs),
    }


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
                    print(
                        f"round {round_ + 1} {name:8} {run['accepted_per_s']:7.1f} accepted/s  "
                        f"p50 {run['p50_ms']:6.1f} ms  p99 {run['p99_ms']:6.1f} ms  "
                        f"non-2xx {run['non_2xx']}",
                        flush=True,
                    )
        finally:
            subprocess.run(
                ["git", "-C", str(REPO), "worktree", "remove", "--force", str(baseline)],
                check=False,
                capture_output=True,
            )
    report = {
        "command": "python -m benchmarks.compare_ingest " + " ".join(argv or sys.argv[1:]),
        "machine": machine.describe(),
        "baseline_commit": args.baseline,
        "current_commit": head + " (with uncommitted changes, if any)",
        "baseline": summary(results["baseline"]),
        "current": summary(results["current"]),
    }
    report["ratio_accepted_per_s"] = round(
        report["current"]["median_accepted_per_s"] / report["baseline"]["median_accepted_per_s"], 2
    )
    print(json.dumps(report, indent=2))
    if args.out:
        args.out.write_text(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
