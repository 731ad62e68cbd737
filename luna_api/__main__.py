"""``luna-api``: serve the API with uvicorn on LUNA_API_HOST:LUNA_API_PORT."""

from __future__ import annotations

import uvicorn

from luna_api.main import create_app
from luna_common.log_config import configure
from luna_common.settings import ApiSettings


def main() -> None:
    settings = ApiSettings()
    configure(service="luna-api", log_format=settings.log_format, level=settings.log_level)
    uvicorn.run(
        create_app(settings),
        host=settings.api_host,
        port=settings.api_port,
        log_config=None,  # keep the one logging set-up above
        proxy_headers=True,
    )


if __name__ == "__main__":
    main()
