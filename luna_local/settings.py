"""Settings of the local run (``luna-local``) and of the tests' process runner.

The services' own classes say which ``LUNA_`` variables each process gets; this module adds the
one setting only the local run reads, and the table of which class each service starts with.
"""

from __future__ import annotations

from pathlib import Path

from luna_analyzer_worker.settings import AnalyzerSettings
from luna_api.core.config import ApiSettings
from luna_common.settings import LunaSettings
from luna_data_worker.settings import RegistrarSettings


class LocalSettings(LunaSettings):
    # The SecantusDB daemon to run (default: the project's .venv-secantus, else the PATH).
    secantusd: Path | None = None


SERVICE_SETTINGS: dict[str, type[LunaSettings]] = {
    "api": ApiSettings,
    "analyzer": AnalyzerSettings,
    "registrar": RegistrarSettings,
}

# Every class whose variables a local run may be given.
ALL_SETTINGS: tuple[type[LunaSettings], ...] = (LocalSettings, *SERVICE_SETTINGS.values())
