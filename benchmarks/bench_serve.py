"""Benchmark: ``gkstd serve`` under load on loopback (issue 21).

A bounded load test of the HTTP service, with an in-process baseline in the same run:

1. **Baseline.** The same validation done in this process in a plain loop
   (:func:`gkstd.serve.work.validate_upload` called directly, one process, no HTTP), for
   ``--baseline-seconds``: the throughput ceiling of one core, so that the cost of HTTP,
   multipart parsing and handing the work to a worker process is visible.
2. **Load.** ``gkstd serve --port <free> --workers N`` is started as a subprocess (its
   access log, one JSON line per request, goes to a temporary file and is counted); once
   ``GET /v1/health`` answers and one request per client has warmed the workers,
   ``--clients`` (8) concurrent clients (asyncio + ``httpx.AsyncClient``, one connection
   each) POST the same catalog to ``/v1/validate`` back to back for ``--seconds`` (30).
   Every request's latency (sent → whole body received) and status are recorded.  Any
   status other than 200, or a request that fails, is an error: the script prints the
   figures and exits 1.

The catalog is, by default, one real published table, ``tests/data/tables/real/
fupin__sichuan-nanjiang.csv`` (``--table PATH`` for another one), sent as the multipart
field ``file``; ``--document CODE`` sends a pack's national catalog instead, exported with
``gkstd show CODE`` (YAML).

Measured besides: the server's memory, sampled every 0.25 s from ``/proc`` during the run
for the server process and all its descendants (the forkserver and the worker
processes): the sum of RSS (which counts pages shared after a fork once per process) and
the sum of PSS (shared pages divided among their sharers: the honest total), peak and at
the end; the CPU time of the server's processes and of the client (this process) during
the timed window; the load average before and after.  The machine is shared and the
client runs on the same cores as the server, so the figures are a floor, not a ceiling.

Run::

    python benchmarks/bench_serve.py [--seconds 30] [--clients 8] [--workers 2]
        [--table PATH | --document CODE] [--baseline-seconds 10] [--json out.json]

Linux only (``/proc``).  Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime
import json
import os
import platform
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_TABLE = ROOT / "tests" / "data" / "tables" / "real" / "fupin__sichuan-nanjiang.csv"
_PAGE = os.sysconf("SC_PAGE_SIZE")
_TICK = os.sysconf("SC_CLK_TCK")
_MEDIA = {".csv": "text/csv", ".yaml": "application/yaml", ".json": "application/json"}


# --- the catalog sent --------------------------------------------------------------------


def load_payload(args: argparse.Namespace) -> tuple[str, bytes]:
    """The name and bytes of the catalog every request sends."""
    if args.document:
        gkstd = shutil.which("gkstd") or "gkstd"
        out = subprocess.run(
            [gkstd, "show", args.document, "--format", "yaml"],
            capture_output=True,
            check=True,
        ).stdout
        return f"{args.document}.yaml", out
    path = Path(args.table)
    return path.name, path.read_bytes()


# --- baseline: in-process loop -----------------------------------------------------------


def baseline(name: str, data: bytes, seconds: float) -> dict[str, Any]:
    """``validate_upload`` called in a loop in this process for ``seconds``."""
    from gkstd.serve.work import ValidateParams, validate_upload, warm

    warm()
    params = ValidateParams()
    first = validate_upload(name, data, params)  # warm: the table reader's imports
    times: list[float] = []
    cpu0 = time.process_time()
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        t0 = time.perf_counter()
        validate_upload(name, data, params)
        times.append(time.perf_counter() - t0)
    wall = time.perf_counter() - start
    return {
        "calls": len(times),
        "wall": wall,
        "cpu": time.process_time() - cpu0,
        "per_s": len(times) / wall,
        "p50_ms": _pct(times, 50) * 1000,
        "p95_ms": _pct(times, 95) * 1000,
        "findings": len(first["findings"]),
        "valid": first["valid"],
        "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


# --- the server and its processes --------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def descendants(pid: int) -> list[int]:
    """``pid`` and every process below it (from ``/proc/*/stat``)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(")") + 2 :].split()[1])
        children.setdefault(ppid, []).append(int(entry))
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(children.get(p, []))
    return out


def memory(pid: int) -> tuple[float, float, int, float, float]:
    """Sum of RSS and of PSS (MB) of ``pid`` and its descendants, how many they are, the
    RSS of ``pid`` itself and the largest RSS of a descendant."""
    rss = pss = 0
    own = largest = 0
    pids = descendants(pid)
    for p in pids:
        try:
            text = Path(f"/proc/{p}/smaps_rollup").read_text()
        except OSError:
            continue
        one = 0
        for line in text.splitlines():
            if line.startswith("Rss:"):
                one = int(line.split()[1])
            elif line.startswith("Pss:"):
                pss += int(line.split()[1])
        rss += one
        if p == pid:
            own = one
        else:
            largest = max(largest, one)
    return rss / 1024, pss / 1024, len(pids), own / 1024, largest / 1024


def cpu_seconds(pid: int) -> float:
    """User + system CPU of ``pid`` and its live descendants (their own, not reaped children)."""
    total = 0
    for p in descendants(pid):
        try:
            stat = Path(f"/proc/{p}/stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / _TICK


def machine_cpu() -> tuple[float, float]:
    """CPU seconds the whole machine has spent busy (all cores) and stolen by the
    hypervisor (``/proc/stat``)."""
    fields = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    busy = fields[0] + fields[1] + fields[2] + fields[5] + fields[6]  # user nice system irq softirq
    return busy / _TICK, fields[7] / _TICK  # steal


def snapshot(pid: int) -> dict[str, float]:
    """The CPU counters read at the start and the end of the timed window."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    busy, steal = machine_cpu()
    return {
        "t": time.perf_counter(),
        "server": cpu_seconds(pid),
        "client": usage.ru_utime + usage.ru_stime,
        "busy": busy,
        "steal": steal,
    }


class Sampler(threading.Thread):
    """Samples the server's memory every ``interval`` seconds until stopped."""

    def __init__(self, pid: int, interval: float = 0.25) -> None:
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.samples: list[tuple[float, float, int, float, float]] = []
        self.halt = threading.Event()

    def run(self) -> None:
        while not self.halt.is_set():
            self.samples.append(memory(self.pid))
            self.halt.wait(self.interval)

    def stop(self) -> None:
        self.halt.set()
        self.join()
        self.samples.append(memory(self.pid))


def start_server(port: int, workers: int, log: Path) -> subprocess.Popen[bytes]:
    gkstd = shutil.which("gkstd")
    command = [gkstd] if gkstd else [sys.executable, "-m", "gkstd"]
    env = {**os.environ, "GKSTD_SERVE_ACCESS_LOG": "1"}
    return subprocess.Popen(
        [*command, "serve", "--port", str(port), "--workers", str(workers)],
        stdout=subprocess.DEVNULL,
        stderr=log.open("wb"),
        env=env,
    )


def wait_healthy(base: str, server: subprocess.Popen[bytes], limit: float = 60.0) -> float:
    started = time.perf_counter()
    while time.perf_counter() - started < limit:
        if server.poll() is not None:
            raise SystemExit(f"gkstd serve exited with {server.returncode}")
        try:
            if httpx.get(f"{base}/v1/health", timeout=1.0).status_code == 200:
                return time.perf_counter() - started
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise SystemExit("gkstd serve did not answer /v1/health in time")


# --- the load ----------------------------------------------------------------------------


async def load(
    base: str, name: str, data: bytes, clients: int, seconds: float, pid: int
) -> tuple[list[float], list[str], dict[str, float], int]:
    """``clients`` loops POSTing the catalog for ``seconds``: latencies of the 200s, the
    errors, the CPU counters spent in the timed window (:func:`snapshot` of the server
    ``pid``; ``t`` is its wall time) and the bytes received."""
    media = _MEDIA.get(Path(name).suffix.lower(), "application/octet-stream")
    latencies: list[float] = []
    errors: list[str] = []
    received = 0
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=120.0) as client:

        async def one() -> None:
            nonlocal received
            t0 = time.perf_counter()
            try:
                response = await client.post("/v1/validate", files={"file": (name, data, media)})
            except httpx.HTTPError as exc:
                errors.append(f"{type(exc).__name__}: {exc}")
                return
            elapsed = time.perf_counter() - t0
            received += len(response.content)
            try:
                report = response.json()
            except ValueError:
                report = {}
            if response.status_code == 200 and "findings" in report:
                latencies.append(elapsed)
            else:
                errors.append(f"HTTP {response.status_code}: {response.text[:200]}")

        # warm-up, not counted: one request per client (every worker sees some)
        await asyncio.gather(*(one() for _ in range(clients)))
        latencies.clear()
        received = 0
        if errors:
            return latencies, errors, {}, 0
        before = snapshot(pid)
        deadline = time.perf_counter() + seconds

        async def loop() -> None:
            while time.perf_counter() < deadline:
                await one()

        await asyncio.gather(*(loop() for _ in range(clients)))
        after = snapshot(pid)
    return latencies, errors, {k: after[k] - before[k] for k in before}, received


# --- report ------------------------------------------------------------------------------


def _pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=30.0, help="length of the load (30)")
    parser.add_argument("--clients", type=int, default=8, help="concurrent clients (8)")
    parser.add_argument("--workers", type=int, default=2, help="server worker processes (2)")
    parser.add_argument("--table", default=str(DEFAULT_TABLE), help="the table to send")
    parser.add_argument("--document", help="send this pack's national catalog (YAML) instead")
    parser.add_argument(
        "--baseline-seconds", type=float, default=10.0, help="length of the baseline (10)"
    )
    parser.add_argument("--json", help="also write the figures to this JSON file")
    args = parser.parse_args(argv)

    name, data = load_payload(args)
    load_before = os.getloadavg()
    print(f"payload: {name}, {len(data):,} bytes; load average {load_before}", file=sys.stderr)

    base_fig = baseline(name, data, args.baseline_seconds)
    print(f"baseline: {base_fig['per_s']:.1f} validations/s in-process", file=sys.stderr)

    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory(prefix="gkstd-bench-serve-") as tmp:
        log = Path(tmp) / "access.log"
        server = start_server(port, args.workers, log)
        try:
            ready = wait_healthy(url, server)
            idle_rss, idle_pss, idle_processes, _, _ = memory(server.pid)
            sampler = Sampler(server.pid)
            sampler.start()
            latencies, errors, spent, received = asyncio.run(
                load(url, name, data, args.clients, args.seconds, server.pid)
            )
            sampler.stop()
            processes = sampler.samples[-1][2]
        finally:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
        access_lines = [
            json.loads(line)
            for line in log.read_text("utf-8", "replace").splitlines()
            if line.startswith("{")
        ]
    load_after = os.getloadavg()

    wall = spent.get("t", 0.0)
    ok = len(latencies)
    fig: dict[str, Any] = {
        "date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
        "machine": f"{platform.node()} {platform.machine()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}",
        "payload": name,
        "payload_bytes": len(data),
        "clients": args.clients,
        "workers": args.workers,
        "seconds": wall,
        "requests": ok,
        "errors": len(errors),
        "per_s": ok / wall if wall else 0.0,
        "p50_ms": _pct(latencies, 50) * 1000,
        "p95_ms": _pct(latencies, 95) * 1000,
        "p99_ms": _pct(latencies, 99) * 1000,
        "max_ms": max(latencies, default=float("nan")) * 1000,
        "mean_ms": statistics.fmean(latencies) * 1000 if latencies else float("nan"),
        "response_bytes": received / ok if ok else 0,
        "ready_s": ready,
        "rss_idle_mb": idle_rss,
        "pss_idle_mb": idle_pss,
        "rss_peak_mb": max(s[0] for s in sampler.samples),
        "pss_peak_mb": max(s[1] for s in sampler.samples),
        "rss_end_mb": sampler.samples[-1][0],
        "pss_end_mb": sampler.samples[-1][1],
        "processes": processes,
        "server_rss_peak_mb": max(s[3] for s in sampler.samples),
        "worker_rss_peak_mb": max(s[4] for s in sampler.samples),
        "idle_processes": idle_processes,
        "machine_busy_s": spent.get("busy", 0.0),
        "steal_s": spent.get("steal", 0.0),
        "server_cpu_s": spent.get("server", 0.0),
        "client_cpu_s": spent.get("client", 0.0),
        "access_log_200": sum(1 for r in access_lines if r.get("status") == 200),
        "access_log_lines": len(access_lines),
        "load_before": load_before,
        "load_after": load_after,
        "baseline": base_fig,
    }
    print_table(fig)
    if errors:
        print(f"\n{len(errors)} errors; the first ones:", file=sys.stderr)
        for line in errors[:5]:
            print("  " + line, file=sys.stderr)
    if args.json:
        Path(args.json).write_text(json.dumps(fig, indent=2, ensure_ascii=False), "utf-8")
    return 1 if errors or not ok else 0


def print_table(f: dict[str, Any]) -> None:
    b = f["baseline"]
    wall = f["seconds"]

    def per_request(seconds: float) -> str:
        return f"{seconds / f['requests'] * 1000:.1f} ms" if f["requests"] else "–"

    print(f"Machine: {f['machine']}; {f['date']}")
    print(
        f"Payload: `{f['payload']}` ({f['payload_bytes']:,} bytes; {b['findings']} findings, "
        f"responses {f['response_bytes']:,.0f} bytes). Load average before "
        f"{', '.join(f'{x:.2f}' for x in f['load_before'])}, after "
        f"{', '.join(f'{x:.2f}' for x in f['load_after'])}."
    )
    print()
    print("| run | requests | req/s | p50 | p95 | p99 | max | CPU / request | errors |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    print(
        f"| HTTP: {f['clients']} clients, `--workers {f['workers']}`, {wall:.1f} s "
        f"| {f['requests']:,} | **{f['per_s']:.1f}** | {f['p50_ms']:.0f} ms "
        f"| **{f['p95_ms']:.0f} ms** | {f['p99_ms']:.0f} ms | {f['max_ms']:.0f} ms "
        f"| {per_request(f['server_cpu_s'])} server + {per_request(f['client_cpu_s'])} client "
        f"| {f['errors']} |"
    )
    print(
        f"| baseline: `validate_upload` in-process loop, 1 process, {b['wall']:.1f} s "
        f"| {b['calls']:,} | {b['per_s']:.1f} | {b['p50_ms']:.1f} ms | {b['p95_ms']:.1f} ms "
        f"| | | {b['cpu'] / b['calls'] * 1000:.1f} ms | |"
    )
    print()
    print("| memory of the server (all its processes) | RSS sum | PSS sum |")
    print("| --- | ---: | ---: |")
    print(
        f"| idle, after start ({f['idle_processes']} processes) "
        f"| {f['rss_idle_mb']:.0f} MB | {f['pss_idle_mb']:.0f} MB |"
    )
    print(
        f"| peak during the load ({f['processes']} processes) | {f['rss_peak_mb']:.0f} MB | {f['pss_peak_mb']:.0f} MB |"
    )
    print(f"| end of the load | {f['rss_end_mb']:.0f} MB | {f['pss_end_mb']:.0f} MB |")
    print(f"| peak of the server process alone | {f['server_rss_peak_mb']:.0f} MB | |")
    print(f"| peak of the largest worker | {f['worker_rss_peak_mb']:.0f} MB | |")
    print()
    cores = os.cpu_count() or 1
    print("| CPU during the load window | seconds | share of the machine |")
    print("| --- | ---: | ---: |")
    print(
        f"| server (uvicorn + workers) | {f['server_cpu_s']:.1f} s "
        f"| {f['server_cpu_s'] / wall / cores:.0%} |"
    )
    print(
        f"| client (this process) | {f['client_cpu_s']:.1f} s "
        f"| {f['client_cpu_s'] / wall / cores:.0%} |"
    )
    other = f["machine_busy_s"] - f["server_cpu_s"] - f["client_cpu_s"]
    print(f"| other processes on the machine | {other:.1f} s | {other / wall / cores:.0%} |")
    print(
        f"| whole machine busy | {f['machine_busy_s']:.1f} s "
        f"| {f['machine_busy_s'] / wall / cores:.0%} |"
    )
    print(
        f"| stolen by the hypervisor | {f['steal_s']:.1f} s | {f['steal_s'] / wall / cores:.0%} |"
    )
    print()
    print(
        f"Server ready (health answers) {f['ready_s']:.1f} s after start; access log: "
        f"{f['access_log_lines']:,} lines, {f['access_log_200']:,} with status 200 "
        f"(warm-up and health included). Baseline in-process: {b['cpu']:.1f} s CPU in "
        f"{b['wall']:.1f} s, peak RSS {b['rss_mb']:.0f} MB. HTTP throughput = "
        f"{f['per_s'] / b['per_s']:.2f}× the one-core baseline."
    )


if __name__ == "__main__":
    sys.exit(main())
