"""``luna-local``: the whole platform on this machine, without Docker, until Ctrl-C.

Uses the local PostgreSQL and RabbitMQ; starts a SecantusDB daemon as the MongoDB server
unless LUNA_MONGO_URL is set. Local secrets (JWT key, first admin password) and the name of
this checkout's own users database are made once and kept in var/local.env, readable only by you.
"""

from __future__ import annotations

import argparse
import secrets
from pathlib import Path

import httpx
import psycopg
from sqlalchemy.engine import make_url

from luna_api.core.config import ApiSettings
from luna_common.settings import (
    UnknownSettings,
    luna_variables,
    refuse_unknown_variables,
    variable_name,
)
from luna_local.platform import APP_DIR, REPO_ROOT, LocalPlatform
from luna_local.settings import ALL_SETTINGS
from luna_rabbit.worker_lifecycle import StopFlag

DEFAULT_VAR_DIR = REPO_ROOT / "var"


def local_secrets(local_env: Path) -> dict[str, str]:
    """The JWT key, first admin and users database of this checkout's local run, made on first use.

    The database gets a name of its own, so a second clone on the same machine never meets an
    admin made (with another password) by the first.
    """
    if not local_env.exists():
        local_env.parent.mkdir(parents=True, exist_ok=True)
        made = ApiSettings.environment_for(
            jwt_secret=secrets.token_urlsafe(48),
            admin_username="admin",
            admin_email="admin@luna.local",
            admin_password=secrets.token_urlsafe(18),
            database_url="postgresql+psycopg://postgres@127.0.0.1:5432/"
            f"luna_local_{secrets.token_hex(4)}",
        )
        local_env.write_text("".join(f"{key}={value}\n" for key, value in made.items()))
        local_env.chmod(0o600)
    pairs = (line.split("=", 1) for line in local_env.read_text().splitlines() if "=" in line)
    return dict(pairs)


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


def parse_args() -> argparse.Namespace:
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
    return parser.parse_args()


def platform_environment(local_env: Path) -> tuple[dict[str, str], dict[str, str]]:
    """Every process's settings, and those the caller's environment gave (they win over the
    local file's secrets); SystemExit naming any variable no LUNA process reads."""
    given = luna_variables()
    try:
        refuse_unknown_variables(given, ALL_SETTINGS)
    except UnknownSettings as exc:
        raise SystemExit(f"luna-local: {exc}") from None
    return {**local_secrets(local_env), **given}, given


def start_everything(platform: LocalPlatform, args: argparse.Namespace, *, own_mongo: bool) -> bool:
    """MongoDB (unless given), the API, the workers and the app; whether the app is served."""
    if own_mongo:
        mongo_url = platform.start_mongo(args.mongo_port, args.var_dir / "mongo")
        platform.env.update(ApiSettings.environment_for(mongo_url=mongo_url))
    platform.start_service("api")
    for i in range(args.analyzers):
        platform.start_service("analyzer", f"analyzer-{i + 1}")
    for i in range(args.registrars):
        platform.start_service("registrar", f"registrar-{i + 1}")
    platform.wait_for_api()
    serve_app = (APP_DIR / "dist" / "index.html").exists() and not args.no_app
    if serve_app:
        platform.start_app()
    return serve_app


def admin_password_mismatch(api_url: str, env: dict[str, str]) -> str | None:
    """What to do when the first admin's password in var/local.env does not sign in, else None.

    That happens when the users database was made by another checkout (before each checkout got
    its own database) or by hand: the API makes the first admin only where none exists.
    """
    username = ApiSettings.value_in(env, "admin_username")
    password = ApiSettings.value_in(env, "admin_password")
    if not username or not password:
        return None
    response = httpx.post(
        f"{api_url}/signin", json={"username": username, "password": password}, timeout=10
    )
    if response.status_code != 401:
        return None
    database = make_url(ApiSettings.value_in(env, "database_url")).database
    return (
        f"WARNING: the admin '{username}' in the users database '{database}' was not made with "
        "the password in var/local.env (another checkout or an earlier run made it).\n"
        "  Either sign in with that checkout's password, or give this checkout its own database:\n"
        "  stop LUNA, delete var/local.env, and run scripts/start.sh again."
    )


def supervise(platform: LocalPlatform, stop: StopFlag) -> None:
    """Report processes that exit, until SIGINT or SIGTERM."""
    while not stop.is_set():
        for name, process in list(platform.processes.items()):
            if process.poll() is not None:
                log_file = platform.log_dir / f"{name}.log"
                print(f"{name} exited with code {process.returncode}; see {log_file}")
                platform.processes.pop(name)
        stop.wait(0.5)


def main() -> None:
    args = parse_args()
    local_env = args.var_dir / "local.env"
    env, given = platform_environment(local_env)
    ensure_postgres_database(ApiSettings.value_in(env, "database_url"))
    platform = LocalPlatform(env=env, log_dir=args.var_dir / "logs")
    # Installed first: a Ctrl-C while starting still ends in platform.stop() below.
    stop = StopFlag().install()
    try:
        app_served = start_everything(
            platform, args, own_mongo=variable_name("mongo_url") not in given
        )
        print(f"LUNA is running (logs in {platform.log_dir}):")
        print(f"  API       {platform.api_url}")
        print(f"  API docs  {platform.api_url}/docs")
        app = "http://127.0.0.1:8100" if app_served else "not served (build it: scripts/setup.sh)"
        print(f"  app       {app}")
        admin = ApiSettings.value_in(env, "admin_username")
        print(f"  first admin: user '{admin}', password in {local_env}")
        mismatch = admin_password_mismatch(platform.api_url, env)
        if mismatch:
            print(mismatch)
        print("Press Ctrl-C to stop.", flush=True)
        supervise(platform, stop)
    finally:
        print("stopping LUNA…")
        platform.stop()
        print("stopped.")


if __name__ == "__main__":
    main()
