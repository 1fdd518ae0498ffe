"""The ``bigauto`` command: serve, worker, migrate, seed-demo, create-admin, dead-letters,
ledger check.

Every command reads settings from the environment (see ``bigauto.config``) and reports problems
as one clear line on stderr with a non-zero exit, never a traceback.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Awaitable, Callable, Sequence
from typing import TypeVar

from bigauto.config import ConfigError, Settings
from bigauto.container import Container, aclose, build_container
from bigauto.domain.shared.errors import DomainError

T = TypeVar("T")


def _say(message: str) -> None:
    print(message, flush=True)


async def _with_container(settings: Settings, work: Callable[[Container], Awaitable[T]]) -> T:
    container = build_container(settings)
    try:
        return await work(container)
    finally:
        await aclose(container)


def migrate(settings: Settings) -> None:
    from bigauto.adapters.sql.migrate import upgrade

    runtime = settings.runtime
    if runtime.uses_sqlite:
        runtime.var_dir.mkdir(parents=True, exist_ok=True)
    upgrade(runtime.database_url)
    _say(f"database is at the latest schema ({_redact(runtime.database_url)})")


async def _database_is_empty(container: Container) -> bool:
    from bigauto.adapters.sql.migrate import database_is_empty

    return await database_is_empty(container.engine())


def seed_demo(settings: Settings, *, vehicles: int, if_empty: bool) -> None:
    from bigauto.services.catalogue.seeding import DEMO_PASSWORD, seed_demo

    async def work(container: Container) -> None:
        if not await _database_is_empty(container):
            if if_empty:
                _say("the database already has data; demo seeding skipped")
                return
            raise DomainError("the database is not empty; seed-demo loads into an empty one")
        report = await seed_demo(
            container.catalogue(), container.password_hasher(), vehicles=vehicles
        )
        _say(
            f"seeded {report.brands} brands, {report.models} models, {report.cities} cities, "
            f"{report.sellers} sellers, {report.customers} customers, {report.vehicles} vehicles"
        )
        _say(f"demo accounts (e.g. budi@example.com) use the password {DEMO_PASSWORD!r}")

    asyncio.run(_with_container(settings, work))


def create_admin(settings: Settings, *, email: str, password: str, name: str) -> None:
    from bigauto.services.identity.admin import create_admin

    async def work(container: Container) -> None:
        user, created = await create_admin(
            container.uow_factory(),
            container.password_hasher(),
            container.clock(),
            container.ids(),
            email=email,
            password=password,
            name=name,
        )
        _say(f"{'created' if created else 'promoted'} admin {user.email} ({user.id})")

    asyncio.run(_with_container(settings, work))


def serve(settings: Settings, *, host: str, port: int, workers: int) -> None:
    import socket

    import uvicorn
    from uvicorn.supervisors import Multiprocess

    from bigauto.entrypoints.observability import logging_config

    migrate(settings)
    _say(f"bigauto listening on http://{host}:{port} (docs at /docs)")
    config = uvicorn.Config(
        "bigauto.entrypoints.http.app:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        # uvicorn applies it in every worker process too, before the app logs anything.
        log_config=logging_config(settings.runtime.log_level, json=settings.runtime.log_json),
        proxy_headers=True,
    )
    if workers == 1:
        uvicorn.Server(config).run()
        return
    # uvicorn binds the shared socket with proto=0, so asyncio's _set_nodelay skips the
    # accepted connections and Nagle's algorithm holds back every keep-alive response for
    # ~40 ms (the delayed-ACK timeout). On Linux accepted sockets inherit TCP_NODELAY from the
    # listening socket, so set it there.
    sock = config.bind_socket()
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    Multiprocess(config, sockets=[sock]).run()


def worker(settings: Settings) -> None:
    from bigauto.entrypoints.worker import run_worker

    migrate(settings)
    durable = settings.runtime.worker_durable
    _say(f"bigauto worker consuming as {durable!r} (stop with Ctrl-C or SIGTERM)")
    asyncio.run(run_worker(settings))


def dead_letters_list(settings: Settings, *, include_replayed: bool, limit: int) -> None:
    from bigauto.services.runtime.dead_letters import list_dead_letters

    async def work(container: Container) -> None:
        letters = await list_dead_letters(
            container.uow_factory(), include_replayed=include_replayed, limit=limit
        )
        if not letters:
            _say("no dead letters")
            return
        rows = [("id", "last failure", "tries", "handler", "event", "event id", "error")]
        rows += [
            (
                letter.id,
                letter.last_failed_at.strftime("%Y-%m-%d %H:%M:%S")
                + (" (replayed)" if letter.replayed_at else ""),
                str(letter.attempts),
                letter.handler,
                letter.event.name,
                letter.event.event_id,
                _clip(letter.error, 60),
            )
            for letter in letters
        ]
        widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
        for row in rows:
            _say("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))

    asyncio.run(_with_container(settings, work))


def dead_letters_replay(settings: Settings, *, letter_id: str | None, every: bool) -> None:
    from bigauto.services.runtime.dead_letters import replay_dead_letters

    async def work(container: Container) -> None:
        letters = await replay_dead_letters(
            container.uow_factory(),
            container.clock(),
            container.ids(),
            letter_id=letter_id,
            every=every,
        )
        for letter in letters:
            _say(f"queued {letter.id} ({letter.handler} on {letter.event.name})")
        _say(f"{len(letters)} dead letter(s) queued for replay through the outbox")

    asyncio.run(_with_container(settings, work))


def ledger_check(settings: Settings) -> bool:
    """Recompute every balance from the ledger lines and report; True when all is well."""
    from bigauto.services.money.balances import LedgerCheck, check_ledger

    async def work(container: Container) -> LedgerCheck:
        return await check_ledger(container.payouts())

    result = asyncio.run(_with_container(settings, work))
    totals = result.totals
    _say(
        f"{result.accounts} accounts, {len(result.mismatches)} balance mismatches, "
        f"{len(result.unbalanced)} unbalanced transactions, {len(result.negative)} negative funds"
    )
    for label, amount in (
        ("customer paid", totals.customer_paid),
        ("refunds", totals.refunds),
        ("commission", totals.commission),
        ("seller pending", totals.seller_pending),
        ("seller available", totals.seller_available),
        ("seller reserved", totals.seller_reserved),
        ("seller paid out", totals.seller_paid_out),
    ):
        _say(f"  {label:<17} {amount}")
    conserved = "yes" if totals.is_conserved else "NO"
    _say(f"  paid = refunds + commission + seller payouts: {conserved}")
    for mismatch in result.mismatches:
        _say(
            f"mismatch {mismatch.account}: stored {mismatch.stored}, "
            f"from lines {mismatch.recomputed}"
        )
    for transaction_id in result.unbalanced:
        _say(f"unbalanced transaction {transaction_id}")
    for account, amount in result.negative:
        _say(f"negative {account}: {amount}")
    _say("ledger check passed" if result.ok else "ledger check FAILED")
    return result.ok


def _clip(text: str, width: int) -> str:
    line = " ".join(text.split())
    return line if len(line) <= width else line[: width - 1] + "…"


def _redact(url: str) -> str:
    scheme, sep, rest = url.partition("://")
    if "@" in rest:
        rest = "***@" + rest.split("@", 1)[1]
    return scheme + sep + rest


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="bigauto", description="bigauto: a vehicle marketplace engine"
    )
    commands = parser.add_subparsers(dest="command", required=True)

    p_serve = commands.add_parser("serve", help="migrate, then run the HTTP + WebSocket service")
    p_serve.add_argument("--host", default=None, help="address to bind (default BIGAUTO_HOST)")
    p_serve.add_argument("--port", type=int, default=None, help="port (default BIGAUTO_PORT)")
    p_serve.add_argument("--workers", type=int, default=1, help="worker processes (default 1)")

    commands.add_parser(
        "worker", help="migrate, then relay the outbox, handle events and run timers"
    )
    commands.add_parser("migrate", help="bring the database schema up to date")

    p_dead = commands.add_parser("dead-letters", help="events a handler gave up on")
    dead = p_dead.add_subparsers(dest="dead_command", required=True)
    p_list = dead.add_parser("list", help="show dead letters, oldest first")
    p_list.add_argument(
        "--include-replayed", action="store_true", help="also those already replayed"
    )
    p_list.add_argument("--limit", type=int, default=100, help="at most this many (default 100)")
    p_replay = dead.add_parser("replay", help="run the failed handler again, via the outbox")
    which = p_replay.add_mutually_exclusive_group(required=True)
    which.add_argument("--id", dest="letter_id", help="the dead letter to replay")
    which.add_argument("--all", action="store_true", help="every dead letter not yet replayed")

    p_ledger = commands.add_parser("ledger", help="the money ledger")
    ledger = p_ledger.add_subparsers(dest="ledger_command", required=True)
    ledger.add_parser(
        "check", help="recompute balances from the ledger lines; exit 1 on any mismatch"
    )

    p_seed = commands.add_parser("seed-demo", help="load demo brands, cities, sellers, vehicles")
    p_seed.add_argument("--vehicles", type=int, default=30, help="how many listings (default 30)")
    p_seed.add_argument(
        "--if-empty", action="store_true", help="do nothing (and succeed) when data exists"
    )

    p_admin = commands.add_parser("create-admin", help="create or promote an administrator")
    p_admin.add_argument("--email", required=True)
    p_admin.add_argument("--password", required=True)
    p_admin.add_argument("--name", default="Administrator")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        settings = Settings.from_env()
        from bigauto.entrypoints.observability import configure_logging

        configure_logging(settings.runtime.log_level, json=settings.runtime.log_json)
        if args.command == "serve":
            if args.workers < 1:
                raise ConfigError("--workers must be at least 1")
            serve(
                settings,
                host=args.host or settings.runtime.host,
                port=args.port or settings.runtime.port,
                workers=args.workers,
            )
        elif args.command == "worker":
            worker(settings)
        elif args.command == "migrate":
            migrate(settings)
        elif args.command == "dead-letters" and args.dead_command == "list":
            dead_letters_list(
                settings, include_replayed=args.include_replayed, limit=max(args.limit, 1)
            )
        elif args.command == "dead-letters":
            dead_letters_replay(settings, letter_id=args.letter_id, every=args.all)
        elif args.command == "ledger":
            # A failed check is not an error of the command: it is the answer, exit 1.
            if not ledger_check(settings):
                return 1
        elif args.command == "seed-demo":
            if args.vehicles < 0:
                raise ConfigError("--vehicles must not be negative")
            migrate(settings)
            seed_demo(settings, vehicles=args.vehicles, if_empty=args.if_empty)
        elif args.command == "create-admin":
            create_admin(settings, email=args.email, password=args.password, name=args.name)
    except (ConfigError, DomainError) as exc:
        print(f"bigauto: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except OSError as exc:
        print(f"bigauto: {exc.strerror or exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
