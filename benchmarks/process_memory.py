"""Peak and current resident memory of a process, from /proc (Linux)."""

from __future__ import annotations

from pathlib import Path


def memory_mib(pid: int) -> dict[str, float]:
    """``VmHWM`` (peak RSS) and ``VmRSS`` of ``pid`` in MiB; empty when the process is gone."""
    values: dict[str, float] = {}
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                key, _, rest = line.partition(":")
                if key in ("VmHWM", "VmRSS"):
                    values["peak_rss_mib" if key == "VmHWM" else "rss_mib"] = (
                        int(rest.split()[0]) / 1024
                    )
    except FileNotFoundError:
        pass
    return values


def process_tree_memory_mib(pid: int) -> dict[str, dict[str, float]]:
    """:func:`memory_mib` of ``pid`` and of each of its child processes (uvicorn's workers)."""
    tree = {"parent": memory_mib(pid)}
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except FileNotFoundError:
        children = []
    for n, child in enumerate(children, 1):
        tree[f"child {n}"] = memory_mib(int(child))
    return tree
