"""``luna-local``: the whole platform on this machine, without Docker, until Ctrl-C.

Uses the local PostgreSQL and RabbitMQ; starts a SecantusDB daemon as the MongoDB server
unless LUNA_MONGO_URL is set. Local secrets (JWT key, first admin password) are made once
and kept in var/local.env, readable only by you.
"""

from __future__ import annotations

import argparse
import os
import secrets
import signal
import time
from pathlib import Path

import psycopg
from sqlalchemy.engine import make_url

from luna_local.platform import APP_DIR, REPO_ROOT, LocalPlatform

DEFAULT_VAR_DIR = REPO_ROOT / "var"


def local_secrets(local_env: Path) -> dict[str, str]:
    """The JWT key and first admin of this machine's local run, made on first use."""
    if not local_env.exists():
        local_env.parent.mkdir(parents=True, exist_ok=True)
        local_env.write_text(
            f"LUNA_JWT_SECRET={secrets.token_urlsafe(48)}\n"
            "LUNA_ADMIN_USERNAME=admin\nLUNA_ADMIN_EMAIL=admin@luna.local\n"
            f"LUNA_ADMIN_PASSWORD={secrets.token_urlsafe(18)}\n"
        )
        local_env.chmod(0o600)
    pairs = (line.split("=", 1) for line in local_env.read_text().splitlines() if "=" in line)
    return {key: value for key, value in pairs if key not in os.environ}


def ensure_postgres_database(database_url: str) -> None:
    """Create the users database on the local PostgreSQL if it is not there yet."""
    url = make_url(database_url)
    admin = url.set(drivername="postgresql", database="postgres").render_as_string(
        hide_password=False
    )
    with psycopg.connect(admin, autocommit=True) as conn:
        if (
            conn.execute("select 1 from pg_database where datname = %s", (url.database,)).fetchone()
            is None
        ):
            conn.execute(f'CREATE DATABASE "{url.database}"')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--analyzers", type=int, default=1, help="analyzer workers to start")
    parser.add_argument("--registrars", type=int, default=1, help="registrar workers to start")
    parser.add_argument("--mongo-port", type=int, default=27017)
    parser.add_argument("--no-app", action="store_true", help="do not serve luna_app/dist")
    parser.add_argument(
        "--var-dir",
        type=Path,
        default=DEFAULT_VAR_DIR,
        help="where local data, logs and secrets live (default: var/)",
    )
    args = parser.parse_args()

    local_env = args.var_dir / "local.env"
    env = local_secrets(local_env)
    env.setdefault(
        "LUNA_DATABASE_URL",
        os.environ.get("LUNA_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/luna"),
    )
    ensure_postgres_database(env["LUNA_DATABASE_URL"])
    platform = LocalPlatform(env=env, log_dir=args.var_dir / "logs")
    stopping = False

    def on_signal(*_: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    try:
        if "LUNA_MONGO_URL" not in os.environ:
            env["LUNA_MONGO_URL"] = platform.start_mongo(args.mongo_port, args.var_dir / "mongo")
        platform.start_service("api")
        for i in range(args.analyzers):
            platform.start_service("analyzer", f"analyzer-{i + 1}")
        for i in range(args.registrars):
            platform.start_service("registrar", f"registrar-{i + 1}")
        platform.wait_for_api()
        app_built = (APP_DIR / "dist" / "index.html").exists()
        if app_built and not args.no_app:
            platform.start_app()
        print(f"LUNA is running (logs in {platform.log_dir}):")
        print(f"  API       {platform.api_url}")
        print(f"  API docs  {platform.api_url}/docs")
        print(
            "  app       "
            + (
                "http://127.0.0.1:8100"
                if app_built and not args.no_app
                else "not served (build it: scripts/setup.sh)"
            )
        )
        admin = {**os.environ, **env}.get("LUNA_ADMIN_USERNAME")
        print(f"  first admin: user '{admin}', password in {local_env}")
        print("Press Ctrl-C to stop.", flush=True)
        while not stopping:
            for name, process in list(platform.processes.items()):
                if process.poll() is not None:
                    log_file = platform.log_dir / f"{name}.log"
                    print(f"{name} exited with code {process.returncode}; see {log_file}")
                    platform.processes.pop(name)
            time.sleep(0.5)
    finally:
        print("stopping LUNA…")
        platform.stop()
        print("stopped.")


if __name__ == "__main__":
    main()
