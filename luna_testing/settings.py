"""Settings of a test run (read by the tests, never by a service)."""

from __future__ import annotations

from pathlib import Path

from luna_common.settings import LunaSettings


class TestRunSettings(LunaSettings):
    # The browser the app's end-to-end tests drive (Playwright cannot download its own here).
    chromium: Path = Path("/usr/bin/chromium")
    # Write the app tests' screenshots into docs/screenshots (else a temporary folder).
    update_screenshots: bool = False
