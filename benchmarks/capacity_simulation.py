"""A day of photos against the analyzers, as the Helm chart scales them: checks docs/SCALING.md.

``python -m benchmarks.capacity_simulation [--plot docs/scaling-simulation.png]``

Photos arrive as a Poisson process whose rate follows a clinic day (two peaks, 08:00-20:00).
They queue in ``process_pending`` (one FIFO, competing consumers: a free analyzer takes the
oldest message) and each analyzer serves one photo per ``1 / rate`` seconds, at the rate
BENCHMARKS.md measured. KEDA polls the queue every few seconds, asks for
``ceil(messages / target)`` replicas within [min, max], and a new analyzer serves only after its
cold start; replicas go away after the cooldown. A photo's latency is its wait, its service, and
the rest of the path measured at light load (API, confirms, registrar). Nothing else is
modelled: the API, the broker and MongoDB are far from their limits at these rates (SCALING.md).
"""

from __future__ import annotations

import argparse
import heapq
import json
import math
from collections import deque
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

# Relative photo rate per clinic hour (08:00-19:59): a morning and an afternoon peak.
CLINIC_DAY = {8: 0.5, 9: 1.0, 10: 1.6, 11: 1.4, 12: 1.0, 13: 0.6}
CLINIC_DAY |= {14: 0.9, 15: 1.3, 16: 1.2, 17: 0.9, 18: 0.5, 19: 0.2}
DAY_S = 24 * 3600


@dataclass(frozen=True)
class Rates:
    """Measured figures (BENCHMARKS.md, 2-core Xeon, the slower machine)."""

    photos_per_s: float = 30.0  # one CPU analyzer: 61.2 img/s for two
    rest_of_path_s: float = 0.044  # light-load p50 77 ms, less one 33 ms analysis
    cold_start_s: float = 60.0  # pod start + model preparation (assumed; not measured here)


@dataclass(frozen=True)
class Scaling:
    """The chart's KEDA settings for the analyzers (values.yaml)."""

    min_replicas: int = 1
    max_replicas: int = 20
    target_per_replica: int = 60  # ratePerReplica x targetBacklogSeconds
    polling_s: float = 5.0
    cooldown_s: float = 300.0
    # KEDA's cron trigger (analyzer.autoscaling.clinicHours): at least this many 08:00-20:00.
    clinic_hours_replicas: int = 0

    def floor(self, now: float) -> int:
        """The fewest replicas KEDA keeps at this time of day."""
        in_clinic_hours = 8 * 3600 <= now % DAY_S < 20 * 3600
        return max(self.min_replicas, self.clinic_hours_replicas if in_clinic_hours else 0)


@dataclass(frozen=True)
class Scenario:
    name: str
    gps: int
    photos_per_gp_day: float = 10.0
    scaling: Scaling = field(default_factory=Scaling)


@dataclass
class Outcome:
    """What a simulated day gave."""

    scenario: str
    photos: int
    peak_per_s: float
    latency_p50_ms: float
    latency_p95_ms: float
    latency_p99_ms: float
    latency_max_s: float
    max_queue: int
    max_replicas: int
    analyzer_hours: float
    # Per minute, for the plot.
    arrivals_per_min: list[int] = field(repr=False)
    replicas_per_min: list[int] = field(repr=False)
    p95_per_10min_ms: list[float] = field(repr=False)


def clinic_rate(seconds: np.ndarray) -> np.ndarray:
    """Relative photo rate at each time of day: the hourly weights joined linearly (at each
    hour's middle), from nothing at 07:30 to nothing at 20:30."""
    hours = [min(CLINIC_DAY) - 0.5, *(h + 0.5 for h in CLINIC_DAY), max(CLINIC_DAY) + 1.5]
    weights = [0.0, *CLINIC_DAY.values(), 0.0]
    return np.interp(seconds / 3600, hours, weights)


def peak_factor() -> float:
    """The peak rate over the 24-hour mean rate."""
    seconds = np.arange(DAY_S, dtype=float)
    rate = clinic_rate(seconds)
    return float(rate.max() / rate.mean())


def arrival_times(photos_per_day: float, rng: np.random.Generator) -> np.ndarray:
    """Seconds since midnight of each photo of one day, sorted: a Poisson process whose rate
    follows ``clinic_rate`` (drawn by thinning a constant-rate one)."""
    seconds = np.arange(DAY_S, dtype=float)
    relative = clinic_rate(seconds)
    peak_per_s = photos_per_day * relative.max() / relative.sum()
    candidates = np.sort(rng.uniform(0, DAY_S, rng.poisson(peak_per_s * DAY_S)))
    keep = rng.uniform(0, 1, len(candidates)) < clinic_rate(candidates) / relative.max()
    return candidates[keep]


class AnalyzerPool:
    """Analyzers taking photos from one FIFO queue, scaled the way KEDA scales them."""

    def __init__(self, rates: Rates, scaling: Scaling) -> None:
        self.rates, self.scaling = rates, scaling
        self.queue: deque[tuple[float, int]] = deque()  # (arrival time, photo) waiting
        self.idle = scaling.min_replicas
        self.busy = 0
        self.starting = 0
        self.last_needed = 0.0
        self.replica_seconds = 0.0
        self._clock = 0.0

    @property
    def replicas(self) -> int:
        return self.idle + self.busy + self.starting

    def advance(self, now: float) -> None:
        self.replica_seconds += (self.idle + self.busy + self.starting) * (now - self._clock)
        self._clock = now

    def poll(self, now: float) -> int:
        """KEDA's decision: how many new analyzers to start now (0 when none)."""
        messages = len(self.queue) + self.busy  # ready + unacknowledged
        desired = math.ceil(messages / self.scaling.target_per_replica)
        desired = min(max(desired, self.scaling.floor(now)), self.scaling.max_replicas)
        if messages and desired == 0:
            desired = 1  # activation: a message wakes a scaled-to-zero deployment
        if desired >= self.replicas:
            self.last_needed = now
        if desired > self.replicas:
            more = desired - self.replicas
            self.starting += more
            return more
        if now - self.last_needed >= self.scaling.cooldown_s:
            self.idle -= min(self.idle, self.replicas - desired)
        return 0


def simulate(
    scenario: Scenario, rates: Rates = Rates(), seed: int = 0
) -> tuple[Outcome, np.ndarray]:
    """One day; the outcome and every photo's latency in seconds.

    (Long: one event loop over the day, whose queue, scaler and latencies share its state.)"""
    arrivals = arrival_times(scenario.gps * scenario.photos_per_gp_day, np.random.default_rng(seed))
    pool = AnalyzerPool(rates, scenario.scaling)
    service_s = 1 / rates.photos_per_s
    latencies = np.empty(len(arrivals))
    # Events: (time, priority, kind, photo); completions first at the same instant.
    events: list[tuple[float, int, str, int]] = [
        (float(t), 2, "arrival", i) for i, t in enumerate(arrivals)
    ]
    events += [(float(t), 3, "poll", -1) for t in np.arange(0, DAY_S, scenario.scaling.polling_s)]
    heapq.heapify(events)
    replicas_per_min = [0] * (DAY_S // 60)
    max_queue = max_replicas = 0

    def dispatch(now: float) -> None:
        while pool.queue and pool.idle:
            arrived, photo = pool.queue.popleft()
            pool.idle -= 1
            pool.busy += 1
            latencies[photo] = now - arrived + service_s + rates.rest_of_path_s
            heapq.heappush(events, (now + service_s, 0, "done", -1))

    while events:
        now, _, kind, photo = heapq.heappop(events)
        pool.advance(now)
        if kind == "arrival":
            pool.queue.append((now, photo))
        elif kind == "done":
            pool.busy -= 1
            pool.idle += 1
        elif kind == "ready":
            pool.starting -= 1
            pool.idle += 1
        else:
            for _ in range(pool.poll(now)):
                heapq.heappush(events, (now + rates.cold_start_s, 1, "ready", -1))
            replicas_per_min[int(now // 60)] = max(replicas_per_min[int(now // 60)], pool.replicas)
        dispatch(now)
        max_queue = max(max_queue, len(pool.queue))
        max_replicas = max(max_replicas, pool.replicas)

    minute = (arrivals // 60).astype(int)
    arrivals_per_min = np.bincount(minute, minlength=DAY_S // 60).tolist()
    ten = (arrivals // 600).astype(int)
    p95_per_10min = [
        float(np.percentile(latencies[ten == i], 95) * 1000) if np.any(ten == i) else math.nan
        for i in range(DAY_S // 600)
    ]
    relative = clinic_rate(np.arange(DAY_S, dtype=float))
    peak_per_s = scenario.gps * scenario.photos_per_gp_day * relative.max() / relative.sum()
    outcome = Outcome(
        scenario=scenario.name,
        photos=len(arrivals),
        peak_per_s=peak_per_s,
        latency_p50_ms=float(np.percentile(latencies, 50) * 1000),
        latency_p95_ms=float(np.percentile(latencies, 95) * 1000),
        latency_p99_ms=float(np.percentile(latencies, 99) * 1000),
        latency_max_s=float(latencies.max()),
        max_queue=max_queue,
        max_replicas=max_replicas,
        analyzer_hours=pool.replica_seconds / 3600,
        arrivals_per_min=arrivals_per_min,
        replicas_per_min=replicas_per_min,
        p95_per_10min_ms=p95_per_10min,
    )
    return outcome, latencies


SCENARIOS = [
    Scenario("100 GPs", 100),
    Scenario("1,000 GPs", 1_000),
    Scenario("10,000 GPs", 10_000),
    Scenario("100,000 GPs (stress)", 100_000),
    Scenario("100,000 GPs, 2 in clinic hours", 100_000, scaling=Scaling(clinic_hours_replicas=2)),
    Scenario("100 GPs, min 0 analyzers", 100, scaling=Scaling(min_replicas=0)),
]


def table(outcomes: list[Outcome]) -> str:
    """The outcomes as a Markdown table."""
    lines = [
        "| scenario | photos/day | peak photos/s | p50 / p95 / p99 ms | worst s "
        "| max queue | max analyzers | analyzer-hours |",
        "|---|---|---|---|---|---|---|---|",
    ]
    lines += [
        f"| {o.scenario} | {o.photos:,} | {o.peak_per_s:.2f} "
        f"| {o.latency_p50_ms:.0f} / {o.latency_p95_ms:.0f} / {o.latency_p99_ms:.0f} "
        f"| {o.latency_max_s:.1f} | {o.max_queue} | {o.max_replicas} | {o.analyzer_hours:.1f} |"
        for o in outcomes
    ]
    return "\n".join(lines)


def plot(outcomes: list[Outcome], path: Path) -> None:
    """Arrivals and analyzers per minute (top), p95 latency per 10 minutes (bottom)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    shown = [o for o in outcomes if o.scenario.startswith(("10,000", "100,000"))]
    shown += [o for o in outcomes if "min 0" in o.scenario]
    fig, axes = plt.subplots(2, len(shown), figsize=(5 * len(shown), 7), sharex=True)
    hours = np.arange(DAY_S // 60) / 60
    for column, outcome in enumerate(shown):
        top, bottom = axes[0][column], axes[1][column]
        top.plot(hours, np.array(outcome.arrivals_per_min) / 60, lw=0.6, label="photos/s")
        top.set_title(outcome.scenario)
        top.set_ylabel("photos per second (1-min mean)")
        twin = top.twinx()
        twin.step(hours, outcome.replicas_per_min, color="tab:red", where="post", label="analyzers")
        twin.set_ylabel("analyzers", color="tab:red")
        twin.set_ylim(0, max(outcome.replicas_per_min) + 1)
        ten_min = np.arange(len(outcome.p95_per_10min_ms)) / 6
        bottom.plot(ten_min, outcome.p95_per_10min_ms, marker=".", lw=0.8)
        bottom.set_yscale("log")
        bottom.set_ylabel("p95 latency per 10 min (ms)")
        bottom.set_xlabel("hour of day")
        bottom.set_xlim(7, 21)
        bottom.grid(True, which="both", alpha=0.3)
    fig.suptitle(
        "One clinic day against the analyzers as KEDA scales them "
        "(30 photos/s per analyzer, 60 s cold start)"
    )
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.capacity_simulation")
    parser.add_argument("--plot", type=Path, help="write the plot here (PNG)")
    parser.add_argument("--json", type=Path, help="write the outcomes here")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    outcomes = [simulate(scenario, seed=args.seed)[0] for scenario in SCENARIOS]
    print(f"peak factor (peak rate / 24-hour mean rate): {peak_factor():.2f}")
    print(table(outcomes))
    if args.plot:
        plot(outcomes, args.plot)
    if args.json:
        args.json.write_text(json.dumps([asdict(o) for o in outcomes], indent=1) + "\n")


if __name__ == "__main__":
    main()
