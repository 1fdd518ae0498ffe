"""Chat across two instances: latency from send to receipt, and messages/s at saturation.

Run: ``python bench/chat.py [seconds]`` (default 10 s of steady load). Needs PostgreSQL and NATS
on their default local ports; ``BENCH_CHAT_REDIS=1`` adds Redis (shared presence and rate limits,
as a real deployment has them). ``BENCH_CHAT_RATE`` and ``BENCH_CHAT_CONVERSATIONS`` change the
load, ``BENCH_CHAT_PROFILE=sender|receiver`` profiles one instance. Prints the figures and
writes bench/results/chat.json. It stops by itself, whatever the machine manages.

Set-up: a fresh PostgreSQL database with 100 conversations (100 customers, 100 sellers, 100
listings). Two processes each run one app instance (its own container, NATS connection and
database pool): instance A holds the 100 customers' sockets, instance B the 100 sellers'. That
is 200 sockets in 100 conversations.

0. **Baseline**: after one warm-up message per socket, 20 messages/s for 3 s: the latency of
   a system that is not busy.
1. **Steady**: A's sockets send 500 messages/s in all (open loop, round robin); B's sockets
   receive them through NATS. Latency is from the moment a frame is handed to A's socket to the
   moment B's socket is handed the message frame (CLOCK_MONOTONIC, the same clock for both
   processes on Linux).
2. **Saturation**: every sender keeps 8 messages in flight (a new one when its own echo comes
   back) for a few seconds; throughput is what B's sockets receive per second.

The sockets are driven in process through the ASGI interface (no TCP, no WebSocket framing):
the venv has no WebSocket server library (``websockets``/``wsproto``) for uvicorn. The figures
are therefore the application's share: frame parsing, rate limit, the database transaction
(message + outbox event), the NATS hop and the fan-out. The outbox relay is off here (its
publishing to JetStream happens later and off the message path). It never asserts on time.
"""

from __future__ import annotations

import asyncio
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from sqlalchemy import text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from bigauto.adapters.memory import SystemClock, UuidV7Generator  # noqa: E402
from bigauto.adapters.security.tokens import JwtTokenService  # noqa: E402
from bigauto.adapters.sql import SqlUnitOfWorkFactory, create_engine  # noqa: E402
from bigauto.adapters.sql.migrate import upgrade  # noqa: E402
from bigauto.config import Settings  # noqa: E402
from bigauto.services.identity.settings import DEV_JWT_SECRET  # noqa: E402

POSTGRES_URL = os.environ.get(
    "BIGAUTO_TEST_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
)
NATS_URL = "nats://127.0.0.1:4222"
REDIS_URL = "redis://127.0.0.1:6379/14"
CONVERSATIONS = int(os.environ.get("BENCH_CHAT_CONVERSATIONS", "100"))
RATE = int(os.environ.get("BENCH_CHAT_RATE", "500"))
SATURATION_SECONDS = 5.0
BASELINE_RATE = 20
BASELINE_SECONDS = 3.0
WINDOW = 8
RESULTS = ROOT / "bench" / "results" / "chat.json"


def answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


# --------------------------------------------------------------------------- the ASGI sockets


class AsgiSocket:
    """A WebSocket client speaking ASGI straight to an app in this process."""

    def __init__(self, app: Any, path: str, token: str, on_frame: Any) -> None:
        self._to_app: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self._on_frame = on_frame
        self.accepted = asyncio.Event()
        self.closed: int | None = None
        scope = {
            "type": "websocket",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "scheme": "ws",
            "server": ("bench", 80),
            "client": ("127.0.0.1", 40000),
            "root_path": "",
            "path": path,
            "raw_path": path.encode(),
            "query_string": f"token={token}".encode(),
            "headers": [(b"host", b"bench")],
            "subprotocols": [],
            "state": {},
        }
        self._to_app.put_nowait({"type": "websocket.connect"})
        self.task = asyncio.create_task(app(scope, self._to_app.get, self._from_app))

    async def _from_app(self, message: dict[str, Any]) -> None:
        kind = message["type"]
        if kind == "websocket.accept":
            self.accepted.set()
        elif kind == "websocket.close":
            self.closed = int(message.get("code", 1000))
            self.accepted.set()
        elif kind == "websocket.send":
            self._on_frame(time.monotonic_ns(), message.get("text"))

    def send(self, frame: dict[str, Any]) -> None:
        self._to_app.put_nowait({"type": "websocket.receive", "text": json.dumps(frame)})

    def goodbye(self) -> None:
        self._to_app.put_nowait({"type": "websocket.disconnect", "code": 1000})


# --------------------------------------------------------------------------- one instance


def instance_settings(database_url: str, var_dir: str, redis: bool) -> Settings:
    environ = {
        "DATABASE_URL": database_url,
        "NATS_URL": NATS_URL,
        "BIGAUTO_VAR_DIR": var_dir,
        "BIGAUTO_OUTBOX_INTERVAL": "0",
        "BIGAUTO_LOG_LEVEL": "ERROR",
        "RATE_LIMIT_CHAT_MESSAGES": "100000000/3600",
        "BIGAUTO_CHAT_FRAME_RATE": "100000/1",
    }
    if redis:
        environ["REDIS_URL"] = REDIS_URL
    return Settings.from_env(environ)


async def run_instance(role: str, plan: dict[str, Any]) -> dict[str, Any]:
    """Host one app and its sockets; ``sender`` (A) or ``receiver`` (B)."""
    from bigauto.entrypoints.http import create_app

    settings = instance_settings(plan["database_url"], plan["var_dir"] + "/" + role, plan["redis"])
    app = create_app(settings)
    received: list[int] = []  # latencies in ns (receiver)
    baseline: list[int] = []
    arrivals: list[int] = []  # arrival times of saturation messages (receiver)
    echoes: dict[int, asyncio.Event] = {}
    phase = {"name": "steady"}

    def on_frame(index: int) -> Any:
        def handle(at: int, raw: str | None) -> None:
            frame = json.loads(raw or "{}")
            if frame.get("type") != "message":
                return
            content = frame["content"]
            kind, _, stamp = content.partition(":")
            if role == "receiver":
                if kind == "s":
                    received.append(at - int(stamp))
                elif kind == "b":
                    baseline.append(at - int(stamp))
                elif kind == "x":
                    arrivals.append(at)
            elif kind == "x" and frame["sender_id"]:
                echoes[index].set()

        return handle

    async with app.lifespan():
        key = "seller_token" if role == "receiver" else "customer_token"
        sockets = [
            AsgiSocket(app, f"/ws/chat/{c['id']}", c[key], on_frame(i))
            for i, c in enumerate(plan["conversations"])
        ]
        for s in sockets:
            await s.accepted.wait()
        if any(s.closed for s in sockets):
            raise SystemExit(f"{role}: a socket was refused: {[s.closed for s in sockets]}")
        print("READY", flush=True)
        # Both sides wait for the coordinator's go (a line on stdin).
        await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)
        if role == "sender":
            # Warm-up (not measured): one message per socket fills the pools and caches.
            for s in sockets:
                s.send({"type": "message", "content": f"w:{time.monotonic_ns()}"})
            await asyncio.sleep(3.0)
            await _send_steady(sockets, BASELINE_SECONDS, BASELINE_RATE, "b")
            await asyncio.sleep(1.0)
            await _send_steady(sockets, plan["seconds"], RATE, "s")
            await asyncio.sleep(1.0)
            phase["name"] = "saturation"
            sent = await _saturate(sockets, echoes)
            result = {"saturation_sent": sent}
        else:
            total = plan["seconds"] * RATE
            deadline = (
                time.monotonic() + plan["seconds"] + BASELINE_SECONDS + SATURATION_SECONDS + 60
            )
            while time.monotonic() < deadline:
                await asyncio.sleep(0.5)
                if len(received) >= total and arrivals and time.monotonic() > _quiet(arrivals):
                    break
            result = {"latencies_ns": received, "baseline_ns": baseline, "arrivals_ns": arrivals}
        await _close_all(sockets)
    return result


async def _close_all(sockets: list[AsgiSocket]) -> None:
    """Say goodbye on every socket at once; give the app 10 s to finish, then stop waiting
    (an overloaded instance may still be working through frames queued before the goodbye)."""
    for s in sockets:
        s.goodbye()
    _, pending = await asyncio.wait([s.task for s in sockets], timeout=10)
    for task in pending:
        task.cancel()


def _quiet(arrivals: list[int]) -> float:
    """Two seconds after the last arrival (in monotonic seconds)."""
    return arrivals[-1] / 1e9 + 2.0


async def _send_steady(sockets: list[AsgiSocket], seconds: float, rate: int, tag: str) -> None:
    """Open loop: message n is handed over at ``start + n / rate``, whatever came back."""
    start = time.monotonic()
    for n in range(int(seconds * rate)):
        delay = start + n / rate - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)
        stamp = time.monotonic_ns()
        sockets[n % len(sockets)].send({"type": "message", "content": f"{tag}:{stamp}"})


async def _saturate(sockets: list[AsgiSocket], echoes: dict[int, asyncio.Event]) -> int:
    stop = time.monotonic() + SATURATION_SECONDS
    sent = 0

    async def one(index: int, s: AsgiSocket) -> None:
        nonlocal sent
        in_flight = asyncio.Semaphore(WINDOW)
        event = echoes.setdefault(index, asyncio.Event())

        async def release_on_echo() -> None:
            while time.monotonic() < stop + 2:
                await event.wait()
                event.clear()
                in_flight.release()

        releaser = asyncio.create_task(release_on_echo())
        while time.monotonic() < stop:
            try:
                await asyncio.wait_for(in_flight.acquire(), 1.0)
            except TimeoutError:
                continue
            s.send({"type": "message", "content": f"x:{time.monotonic_ns()}"})
            sent += 1
        releaser.cancel()

    await asyncio.gather(*(one(i, s) for i, s in enumerate(sockets)))
    return sent


# --------------------------------------------------------------------------- the coordinator


async def admin(statement: str) -> None:
    engine = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    try:
        async with engine.connect() as connection:
            await connection.execute(text(statement))
    finally:
        await engine.dispose()


async def seed(database_url: str) -> list[dict[str, str]]:
    from decimal import Decimal

    from bigauto.domain.catalogue.vehicles import (
        Brand,
        CarModel,
        Category,
        City,
        FuelType,
        Transmission,
        Vehicle,
    )
    from bigauto.domain.chat.conversations import Conversation, ConversationSubject
    from bigauto.domain.identity.accounts import SellerProfile, User
    from bigauto.domain.shared.money import Money

    ids, clock = UuidV7Generator(), SystemClock()
    tokens = JwtTokenService(
        secret=DEV_JWT_SECRET,
        ids=ids,
        issuer="bigauto",
        audience="bigauto-api",
        access_ttl=3600,
        refresh_ttl=3600,
    )
    engine = create_engine(database_url)
    uow_factory = SqlUnitOfWorkFactory(engine)
    now = clock.now()
    city = City(ids.new_id(), "Jakarta", "DKI Jakarta", "Asia/Jakarta", Decimal(-6), Decimal(106))
    brand = Brand(ids.new_id(), "Toyota")
    model = CarModel(ids.new_id(), brand.id, "Avanza", "MPV")
    plan = []
    async with uow_factory() as uow:
        await uow.catalogue.add_city(city)
        await uow.catalogue.add_brand(brand)
        await uow.catalogue.add_model(model)
        for n in range(CONVERSATIONS):
            customer = User(ids.new_id(), f"c{n}@bench.local", f"C {n}", "x", now)
            seller = User(
                ids.new_id(),
                f"s{n}@bench.local",
                f"S {n}",
                "x",
                now,
                seller=SellerProfile(f"Toko {n}", city.id),
            )
            await uow.users.add(customer)
            await uow.users.add(seller)
            vehicle = Vehicle(
                id=ids.new_id(),
                seller_id=seller.id,
                category=Category.RENTAL,
                brand_id=brand.id,
                model_id=model.id,
                year=2022,
                city_id=city.id,
                transmission=Transmission.AUTOMATIC,
                fuel_type=FuelType.BENSIN,
                seats=7,
                title=f"Avanza {n}",
                created_at=now,
                daily_rate=Money(350_000),
            )
            await uow.vehicles.add(vehicle)
            conversation = Conversation.open(
                ids.new_id(),
                ConversationSubject(vehicle.id),
                customer_id=customer.id,
                seller_id=seller.id,
                at=now,
            )
            await uow.conversations.add(conversation)
            stamp = int(now.timestamp())
            plan.append(
                {
                    "id": conversation.id,
                    "customer_token": tokens.issue(
                        user_id=customer.id, token_type="access", now=stamp
                    ).token,
                    "seller_token": tokens.issue(
                        user_id=seller.id, token_type="access", now=stamp, is_seller=True
                    ).token,
                }
            )
        await uow.commit()
    await engine.dispose()
    return plan


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def coordinate(seconds: float) -> dict[str, Any]:
    if not (answers(5432) and answers(4222)):
        return {"skipped": "needs PostgreSQL on 5432 and NATS on 4222"}
    name = f"bigauto_bench_chat_{uuid.uuid4().hex[:8]}"
    asyncio.run(admin(f'CREATE DATABASE "{name}"'))
    database_url = make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    processes: list[subprocess.Popen[str]] = []
    try:
        upgrade(database_url)
        conversations = asyncio.run(seed(database_url))
        with tempfile.TemporaryDirectory() as var_dir:
            plan = {
                "database_url": database_url,
                "var_dir": var_dir,
                # Redis (shared presence and rate limits) on request: on a busy machine its
                # short connect timeouts turn load into refused messages.
                "redis": os.environ.get("BENCH_CHAT_REDIS") == "1" and answers(6379),
                "seconds": seconds,
                "conversations": conversations,
            }
            plan_file = Path(var_dir) / "plan.json"
            plan_file.write_text(json.dumps(plan))
            for role in ("receiver", "sender"):
                processes.append(
                    subprocess.Popen(
                        [sys.executable, __file__, "--instance", role, str(plan_file)],
                        stdin=subprocess.PIPE,
                        stdout=subprocess.PIPE,
                        text=True,
                    )
                )
            for process in processes:
                assert process.stdout is not None
                line = process.stdout.readline()
                if "READY" not in line:
                    raise RuntimeError(f"an instance did not start: {line!r}")
            for process in processes:
                assert process.stdin is not None
                process.stdin.write("go\n")
                process.stdin.flush()
            timeout = seconds + BASELINE_SECONDS + SATURATION_SECONDS + 120
            outputs = [p.communicate(timeout=timeout)[0].strip() for p in processes]
            if not all(outputs):
                raise RuntimeError("an instance stopped without figures (see its stderr)")
            receiver = json.loads(outputs[0].splitlines()[-1])
            sender = json.loads(outputs[1].splitlines()[-1])
            return summarise(receiver, sender, seconds, plan["redis"])
    finally:
        for process in processes:
            if process.poll() is None:
                process.kill()
        asyncio.run(admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def _latency(values: list[float]) -> dict[str, float | None]:
    if not values:
        return {"p50": None, "p90": None, "p99": None, "max": None, "mean": None}
    return {
        "p50": round(percentile(values, 0.50), 3),
        "p90": round(percentile(values, 0.90), 3),
        "p99": round(percentile(values, 0.99), 3),
        "max": round(max(values), 3),
        "mean": round(statistics.fmean(values), 3),
    }


def environment() -> dict[str, Any]:
    """How busy the machine is: figures from a shared box mean little without this."""

    async def round_trip() -> float:
        engine = create_engine(POSTGRES_URL)
        try:
            async with engine.connect() as connection:
                for _ in range(50):
                    await connection.execute(text("SELECT 1"))
                started = time.perf_counter()
                for _ in range(500):
                    await connection.execute(text("SELECT 1"))
                return (time.perf_counter() - started) / 500 * 1e6
        finally:
            await engine.dispose()

    return {
        "load_average_1m": round(os.getloadavg()[0], 2),
        "cpus": os.cpu_count(),
        "postgres_select_1_us": round(asyncio.run(round_trip()), 1),
    }


def summarise(
    receiver: dict[str, Any], sender: dict[str, Any], seconds: float, redis: bool
) -> dict[str, Any]:
    latencies = [ns / 1e6 for ns in receiver["latencies_ns"]]
    baseline = [ns / 1e6 for ns in receiver["baseline_ns"]]
    arrivals = receiver["arrivals_ns"]
    span = (arrivals[-1] - arrivals[0]) / 1e9 if len(arrivals) > 1 else 0.0
    expected = int(seconds * RATE)
    return {
        "setup": {
            "instances": 2,
            "sockets": 2 * CONVERSATIONS,
            "conversations": CONVERSATIONS,
            "backends": "PostgreSQL + NATS" + (" + Redis" if redis else ""),
            "transport": "in-process ASGI (no TCP/WebSocket framing)",
            "python": platform.python_version(),
            "machine": platform.machine(),
            **environment(),
        },
        "baseline": {
            "rate_per_s": BASELINE_RATE,
            "seconds": BASELINE_SECONDS,
            "received": len(baseline),
            "latency_ms": _latency(baseline),
        },
        "steady": {
            "target_rate_per_s": RATE,
            "seconds": seconds,
            "sent": expected,
            "received": len(latencies),
            "latency_ms": _latency(latencies),
        },
        "saturation": {
            "in_flight_per_socket": WINDOW,
            "sent": sender["saturation_sent"],
            "received": len(arrivals),
            "messages_per_s": round(len(arrivals) / span, 1) if span else None,
        },
    }


def main(argv: list[str]) -> int:
    if len(argv) >= 3 and argv[0] == "--instance":
        plan = json.loads(Path(argv[2]).read_text())
        if os.environ.get("BENCH_CHAT_PROFILE") == argv[1]:
            import cProfile
            import pstats

            profile = cProfile.Profile()
            result = profile.runcall(asyncio.run, run_instance(argv[1], plan))
            pstats.Stats(profile, stream=sys.stderr).sort_stats("tottime").print_stats(40)
        else:
            result = asyncio.run(run_instance(argv[1], plan))
        print(json.dumps(result), flush=True)
        return 0
    seconds = float(argv[0]) if argv else 10.0
    figures = coordinate(seconds)
    print(json.dumps(figures, indent=2))
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(figures, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
