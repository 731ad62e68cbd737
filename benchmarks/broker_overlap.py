"""Null analyzers on renditions: results confirmed before the next batch, or while it is handled.

``python -m benchmarks.broker_overlap`` drains pre-loaded renditions through the real quorum
queues with one null analyzer (benchmarks.broker_drain), confirm mode ``batch`` (wait for a
batch's confirms, then take the next) against ``overlap`` (what the analyzer does: wait while
the next batch is handled), alternately, with no work per batch and with ``--work-ms`` of work
that leaves the CPU free, as a GPU scoring a batch does. It prints each run and writes JSON.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from benchmarks import broker_drain, machine
from benchmarks.photos import photo_jpeg
from luna_model.rendition import model_input_rendition


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.broker_overlap", description=__doc__
    )
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--messages", type=int, default=8000, help="requests per run")
    parser.add_argument("--work-ms", type=float, default=10.0, help="work a batch (a sleep)")
    parser.add_argument("--out", type=Path, default=None, help="JSON file to write")
    args = parser.parse_args(argv)
    photo = photo_jpeg(1600, 1200, seed=0)
    rendition = model_input_rendition(photo)
    parts = broker_drain.result_parts(photo)
    runs: list[dict[str, Any]] = []
    for round_ in range(args.rounds):
        for work_ms in (0.0, args.work_ms):
            # batch, overlap; then overlap, batch: neither always runs second.
            modes: tuple[broker_drain.Confirm, ...] = ("batch", "overlap")
            for confirm in modes if round_ % 2 == 0 else modes[::-1]:
                config = broker_drain.BrokerDrainConfig(
                    "rendition 240 px", rendition, confirm=confirm, work_ms=work_ms
                )
                run = broker_drain.run(config, messages=args.messages, parts=parts)
                print(f"round {round_ + 1} {config.label}: {run['messages_per_s']:.0f} msg/s")
                runs.append({"round": round_ + 1, **run})
    report = {"command": parser.prog, "machine": machine.describe(), "runs": runs}
    if args.out:
        args.out.write_text(json.dumps(report, indent=2, default=str))


if __name__ == "__main__":
    main()
