"""The capacity simulation behind docs/SCALING.md: its queue and scaling rules do what they say."""

from __future__ import annotations

import numpy as np

from benchmarks.capacity_simulation import (
    DAY_S,
    Rates,
    Scaling,
    Scenario,
    arrival_times,
    peak_factor,
    simulate,
)


def test_a_day_has_the_photos_asked_for_inside_clinic_hours() -> None:
    times = arrival_times(10_000, np.random.default_rng(1))
    assert abs(len(times) - 10_000) < 400  # Poisson: within 4 standard deviations
    assert times.min() >= 7.5 * 3600 and times.max() <= 20.5 * 3600
    assert np.all(np.diff(times) >= 0)
    assert 3 < peak_factor() < 4


def test_light_load_costs_one_analysis_and_the_rest_of_the_path() -> None:
    rates = Rates()
    outcome, latencies = simulate(Scenario("light", 100), rates)
    floor = 1 / rates.photos_per_s + rates.rest_of_path_s
    assert np.all(latencies >= floor - 1e-9)
    assert outcome.latency_p95_ms < floor * 1000 + 5
    assert outcome.max_replicas == 1 and round(outcome.analyzer_hours) == 24


def test_without_a_standing_analyzer_photos_wait_for_a_cold_start() -> None:
    rates = Rates(cold_start_s=60)
    outcome, latencies = simulate(Scenario("zero", 100, scaling=Scaling(min_replicas=0)), rates)
    assert latencies[0] >= 60  # the day's first photo
    assert outcome.latency_p95_ms > 30_000
    assert outcome.analyzer_hours < 24


def test_overload_scales_out_and_a_clinic_hours_floor_prevents_the_wait() -> None:
    queue_only, _ = simulate(Scenario("stress", 100_000))
    floored, _ = simulate(Scenario("floor", 100_000, scaling=Scaling(clinic_hours_replicas=2)))
    assert queue_only.max_replicas > 2 and queue_only.latency_p95_ms > 1000
    assert floored.latency_p95_ms < 200
    assert len(floored.replicas_per_min) == DAY_S // 60
