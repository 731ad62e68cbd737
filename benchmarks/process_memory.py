"""Peak and current resident memory of a process, from /proc (Linux)."""

from __future__ import annotations


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
