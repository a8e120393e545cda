#!/usr/bin/env python3
"""Whole-process benchmarks for sealant, measured against the machine's RSA limit.

    python3 bench/run.py                 # build, make the workloads, run, report
    python3 bench/run.py --runs 5 --json bench.json
    python3 bench/run.py --sealant /path/to/other/sealant   # another build, same workloads

Builds the published (`dist` profile: fat LTO) binary and the `rsa_op_time`
example (`cargo build --profile dist`), makes its own workloads in a temp folder, runs each one several
times and reports the run with the median wall time: wall time, CPU time
(user + system), peak resident memory (from wait4), and the ratio to the RSA
limit, measured in the same run:

    RSA limit = operations x time of one operation on one core / cores

The time of one operation comes from `examples/rsa_op_time.rs` (4096-bit
RSA-OAEP, the default backend, as sealant uses it). On a shared machine the
wall-time ratio moves with the neighbours' load, so a CPU ratio is printed as
well: the run's CPU time over operations x the CPU time of one operation. It
is what sealant spends beyond the RSA work, whatever the load. And it
measures how many cores the machine really gives (one RSA loop per core at
once, their throughput over one loop's alone) before and after the
workloads and around each timed workload: the `avail.` column is the
wall-time ratio to the RSA limit of the cores measured around its runs
(a short probe before each run and after the last, averaged).

Workloads:
  (a) seal a stream of 1,000 Secrets of 5 items (5,000 values), 4096-bit cert;
      and of 2,000 Secrets, to show that memory stays flat; and (a1) the 1,000
      on one thread (RAYON_NUM_THREADS=1, its limit counts one core), to show
      what the other cores bring
  (b) `sealant reseal DIR --key keys/backup-list.yaml --cert keys/new/tls.crt`
      over a repo of 1,000 files (5,000 items) sealed with keys/old
  (c) `sealant check DIR` over 10,000 SealedSecret files
  (d) seal one small Secret with a certificate file, start to exit (median of many)
  peer: the Python `cryptography` package doing (a)'s 5,000 RSA-OAEP
      encryptions on one core (skipped when it is not installed)
  (k1..k6) a ten-key ring (RSA-4096, certificates 30 days apart, as a
      controller renews them) and a git repo of 400 files (2,000 items)
      sealed without sealant's certificate record, as kubeseal seals:
      `validate` and `reseal` (to the newest key), with the files sealed in
      key order (each committed while its key was the newest), shuffled
      (k2, k4: each file under any of the ten keys at random, commit dates as
      before, so some files claim a commit before their key existed) and
      shuffled as a real repo can be (k5, k6: each file under a random one
      of the keys made before its commit). Their limit is
      one private operation per item (plus one public per item resealed);
      `ops/item` is the private operations sealant ran per item, from
      SEALANT_STATS=1, which no load can move. Needs `cryptography` to make
      the dated certificates (skipped without it).
  (h1) `sealant audit --history --key keys/backup-list.yaml` over a git
      history of 100 commits over 40 files of 2 items (--history-full: 1,000
      commits over 400 files): each file sealed under keys/old, resealed under
      keys/new (same values), then given new values, the commits cycling each
      file through those states so the same ciphertexts recur in many commits.
      Its limit is one private operation per distinct ciphertext; `ops/ct` is
      the private operations sealant ran per distinct ciphertext (from its
      summary), which no load can move.
  (s1..s3) scaling: seal 1k, 10k and 100k values (one stream, 5 per Secret);
  (f1..f3) seal -i of 100, 1,000 and 10,000 files of one value each: time
      and peak memory should grow with the work, memory flat for streams.

`--only a,b,keyring,scale,history` runs a subset (names as above; `keyring` is
k1..k6, `scale` is s1..s3 and f1..f3, `history` is h1).

(b) and (c) are skipped, with a message, when the binary has no `reseal` or
`check` command. Python 3.8+ standard library only; Linux or macOS.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
KEYS = REPO / "tests" / "fixtures" / "conformance" / "keys"
NEW_CERT = KEYS / "new" / "tls.crt"
OLD_CERT = KEYS / "old" / "tls.crt"
BACKUP_LIST = KEYS / "backup-list.yaml"
# RSA-2048: 100,000 values sealed for RSA-4096 come to ~90 MB, more than the
# 64 MiB stream sealant writes (it refuses what it could not read back).
SMALL_CERT = KEYS / "small" / "tls.crt"


@dataclass
class Run:
    wall: float  # seconds
    cpu: float  # user + system seconds
    rss_kib: int  # peak resident set size
    code: int
    stderr: str


@dataclass
class Result:
    name: str
    what: str
    runs: list = field(default_factory=list)
    ops_public: int = 0
    ops_private: int = 0
    skipped: str = ""
    note: str = ""
    small_rss_kib: int = 0
    threads: int = 0  # 0: every core
    bits: int = 4096  # the certificate's RSA key size (its public operations' cost)
    available: float = 0.0  # cores available for RSA work just before the runs

    def median(self) -> Run | None:
        if not self.runs:
            return None
        ordered = sorted(self.runs, key=lambda r: r.wall)
        return ordered[len(ordered) // 2]


def gnu_time() -> str | None:
    """GNU time, to read a child's peak memory (see `run`)."""
    path = shutil.which("time", path="/usr/bin:/bin:/usr/local/bin")
    if not path:
        return None
    probe = subprocess.run([path, "-f", "%M", "true"], capture_output=True, text=True)
    return path if probe.returncode == 0 and probe.stderr.strip().isdigit() else None


GNU_TIME = gnu_time()


def run(cmd, stdout_path=None, cwd=None, rss=True, env=None) -> Run:
    """Runs a command; returns its wall time, CPU time and peak memory.

    Peak memory comes from GNU time when it is installed: a child forked
    straight from this Python process inherits Python's own peak in its
    rusage (Linux carries the high-water mark across exec), so wait4's
    figure here would be this script's, not sealant's. GNU time's own fork
    starts from a small process. Without it, wait4's figure is an upper
    bound. `rss=False` runs the command directly (no wrapper to start), for
    the start-to-exit timing of (d).
    """
    with tempfile.TemporaryFile() as err, tempfile.NamedTemporaryFile("r") as rss_file:
        argv = [str(c) for c in cmd]
        wrapped = rss and GNU_TIME is not None
        if wrapped:
            argv = [GNU_TIME, "-f", "%M", "-o", rss_file.name, *argv]
        out = open(stdout_path, "wb") if stdout_path else subprocess.DEVNULL
        try:
            start = time.perf_counter()
            proc = subprocess.Popen(
                argv, stdin=subprocess.DEVNULL, stdout=out, stderr=err, cwd=cwd, env=env
            )
            _, status, usage = os.wait4(proc.pid, 0)
            wall = time.perf_counter() - start
            proc.returncode = os.waitstatus_to_exitcode(status)
        finally:
            if stdout_path:
                out.close()
        err.seek(0)
        stderr = err.read().decode(errors="replace")
        if wrapped:
            lines = rss_file.read().split()
            peak = int(lines[-1]) if lines and lines[-1].isdigit() else 0
        else:
            # ru_maxrss is in KiB on Linux, in bytes on macOS.
            peak = usage.ru_maxrss // 1024 if sys.platform == "darwin" else usage.ru_maxrss
    return Run(wall, usage.ru_utime + usage.ru_stime, peak, proc.returncode, stderr)


def cargo_target_dir() -> Path:
    meta = subprocess.run(
        ["cargo", "metadata", "--format-version", "1", "--no-deps"],
        cwd=REPO,
        check=True,
        capture_output=True,
        text=True,
    )
    return Path(json.loads(meta.stdout)["target_directory"])


def build(profile: str):
    print(f"building: cargo build --profile {profile} --bin sealant --example rsa_op_time", flush=True)
    subprocess.run(
        ["cargo", "build", "--profile", profile, "--bin", "sealant", "--example", "rsa_op_time"],
        cwd=REPO,
        check=True,
    )


def rsa_op_times(example: Path) -> dict:
    """Wall and CPU time of one 4096-bit public and private operation, one core."""
    times = {}
    for bits, op in ((4096, "public"), (4096, "private"), (2048, "public")):
        # One process per operation, so its CPU time over its operation count
        # is the CPU time of one operation.
        out = subprocess.Popen(
            [str(example), "--bits", str(bits), "--op", op, "--ms", "600"],
            stdout=subprocess.PIPE,
        )
        text = out.stdout.read().decode()
        _, status, usage = os.wait4(out.pid, 0)
        out.stdout.close()
        if os.waitstatus_to_exitcode(status) != 0:
            sys.exit(f"rsa_op_time --op {op} failed")
        line = json.loads(text.strip().splitlines()[-1])
        times["backend"] = line["backend"]
        suffix = "" if bits == 4096 else f"_{bits}"
        times[f"{op}_wall{suffix}"] = line[f"{op}_ns"] / 1e9
        times[f"{op}_cpu{suffix}"] = (usage.ru_utime + usage.ru_stime) / line[f"{op}_ops"]
    return times


def available_cores(example: Path, cores: int, single_wall: float, ms: int = 800) -> float:
    """How many cores' worth of RSA work the machine gives right now: one
    public-operation loop per core, at once; their summed throughput over
    one loop's alone. On an idle machine it is the number of cores; on a
    shared one, what the neighbours leave."""
    procs = [
        subprocess.Popen(
            [str(example), "--bits", "4096", "--op", "public", "--ms", str(ms)],
            stdout=subprocess.PIPE,
        )
        for _ in range(cores)
    ]
    total = 0.0
    for proc in procs:
        text = proc.stdout.read().decode()
        proc.wait()
        proc.stdout.close()
        total += single_wall / (json.loads(text.strip().splitlines()[-1])["public_ns"] / 1e9)
    return max(0.1, min(float(cores), total))


def timed_runs(result: Result, runs: int, once, probe):
    """Runs `once()` `runs` times, probing the cores available before each
    run and after the last; the result keeps their mean."""
    probes = []
    for _ in range(runs):
        probes.append(probe())
        result.runs.append(once())
    probes.append(probe())
    result.available = statistics.mean(probes)


def secret_yaml(i: int, items: int, rnd) -> str:
    lines = [
        "---",
        "apiVersion: v1",
        "kind: Secret",
        "metadata:",
        f"  name: app-{i}-credentials",
        f"  namespace: team-{i % 20}",
        "  labels:",
        f"    app: app-{i}",
        "type: Opaque",
        "data:",
    ]
    for j in range(items):
        value = base64.b64encode(rnd(16 + (i * 7 + j * 13) % 48)).decode()
        lines.append(f"  key-{j}: {value}")
    return "\n".join(lines) + "\n"


def make_stream(path: Path, secrets: int, items: int = 5):
    with open(path, "w") as f:
        for i in range(secrets):
            f.write(secret_yaml(i, items, os.urandom))


def split_yaml_documents(text: str) -> list[str]:
    docs, cur = [], []
    for line in text.splitlines(keepends=True):
        if line.rstrip("\r\n") == "---":
            if cur:
                docs.append("".join(cur))
            cur = [line]
        else:
            cur.append(line)
    if cur:
        docs.append("".join(cur))
    return docs


def has_command(binary: Path, name: str) -> bool:
    probe = subprocess.run(
        [str(binary), name, "--help"], capture_output=True, text=True
    )
    return probe.returncode == 0


def fmt_time(s: float) -> str:
    if s >= 1:
        return f"{s:.2f} s"
    if s >= 1e-3:
        return f"{s * 1e3:.1f} ms"
    return f"{s * 1e6:.0f} µs"


def fmt_mib(kib: int) -> str:
    return f"{kib / 1024:.1f} MiB"


def machine_description() -> dict:
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    model = platform.processor() or platform.machine()
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {"cores": cores, "cpu": model, "system": f"{platform.system()} {platform.release()}"}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--no-build", action="store_true", help="use the binaries already built")
    ap.add_argument(
        "--profile",
        default="dist",
        help="the cargo profile to build and measure (default: dist, as published; release builds faster)",
    )
    ap.add_argument("--runs", type=int, default=5, help="runs of (a), (b), (c); the median is reported")
    ap.add_argument("--small-runs", type=int, default=101, help="runs of (d)")
    ap.add_argument("--json", type=Path, help="also write the results here")
    ap.add_argument("--keep", action="store_true", help="keep the temp folder with the workloads")
    ap.add_argument("--only", help="comma-separated workloads: a,b,c,d,keyring,scale (default: all)")
    ap.add_argument("--history-full", action="store_true", help="(h1) at full size: 1,000 commits over 400 files")
    ap.add_argument("--scale-runs", type=int, default=3, help="runs of each scaling workload")
    ap.add_argument(
        "--sealant",
        type=Path,
        help="measure this sealant binary instead of this tree's (e.g. another branch's build)",
    )
    args = ap.parse_args()

    if not args.no_build:
        build(args.profile)
    target = cargo_target_dir() / args.profile
    sealant = args.sealant.resolve() if args.sealant else target / "sealant"
    example = target / "examples" / "rsa_op_time"
    for p in (sealant, example):
        if not p.exists():
            sys.exit(f"{p} is missing: run without --no-build")

    machine = machine_description()
    cores = machine["cores"]
    load_before = os.getloadavg()
    print(f"machine: {cores} cores, {machine['cpu']}, {machine['system']}; load average {load_before[0]:.2f}")
    if GNU_TIME is None:
        print("note: GNU time (/usr/bin/time) is not installed: peak memory is an upper bound (it includes this script's)")
    rsa = rsa_op_times(example)
    print(
        f"RSA-4096 OAEP on one core ({rsa['backend']}): public {fmt_time(rsa['public_wall'])} wall"
        f" / {fmt_time(rsa['public_cpu'])} CPU, private {fmt_time(rsa['private_wall'])} wall"
        f" / {fmt_time(rsa['private_cpu'])} CPU; RSA-2048 public {fmt_time(rsa['public_wall_2048'])} wall"
        f" / {fmt_time(rsa['public_cpu_2048'])} CPU",
        flush=True,
    )
    rsa["available_before"] = available_cores(example, cores, rsa["public_wall"])
    print(f"cores available for RSA work now: {rsa['available_before']:.2f} of {cores}", flush=True)


    def probe():
        return available_cores(example, cores, rsa["public_wall"], ms=300)

    work = Path(tempfile.mkdtemp(prefix="sealant-bench-"))
    results: list[Result] = []
    only = set(args.only.split(",")) if args.only else None

    def wanted(name):
        return only is None or name in only

    peer = None
    try:
        if wanted("keyring"):
            results.extend(keyring_workloads(sealant, work, args.runs, probe))
        if wanted("scale"):
            results.extend(scaling_workloads(sealant, work, args.scale_runs, probe))
        if wanted("history"):
            results.append(history_workload(sealant, work, args.runs, probe, args.history_full))
        run_base(sealant, work, args, probe, results, wanted)
        if wanted("a"):
            # The peer: Python `cryptography`, (a)'s RSA work on one core.
            peer = peer_rsa(5000)
    finally:
        if args.keep:
            print(f"workloads kept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)

    rsa["available_after"] = available_cores(example, cores, rsa["public_wall"])
    rsa["available"] = (rsa["available_before"] + rsa["available_after"]) / 2
    load_after = os.getloadavg()
    report(results, rsa, machine, peer, load_before, load_after, args)


def run_base(sealant, work, args, probe, results, wanted):
    """The workloads (a) to (d)."""
    if True:
        # (a) seal a stream, and the same stream doubled.
        for n in (1000, 2000) if wanted("a") else ():
            stream = work / f"stream-{n}.yaml"
            make_stream(stream, n)
            r = Result(
                f"a{'' if n == 1000 else '2'}",
                f"seal {n:,} Secrets x 5 items ({5 * n:,} values), one stream",
                ops_public=5 * n,
            )
            out = work / f"sealed-{n}.yaml"
            timed_runs(
                r,
                args.runs,
                lambda: run([sealant, "seal", "--cert", NEW_CERT, stream], stdout_path=out),
                probe,
            )
            sealed = out.read_text().count("kind: SealedSecret")
            r.note = f"input {stream.stat().st_size / 1e6:.2f} MB, output {out.stat().st_size / 1e6:.2f} MB"
            if r.median().code != 0 or sealed != n:
                r.note += f"; FAILED: exit {r.median().code}, {sealed} SealedSecrets: {r.median().stderr.strip()[:300]}"
            results.append(r)
            print(f"  done: {r.what}", flush=True)
            if n == 1000:
                # The same on one thread: how much the other cores bring.
                one = Result("a1", "the same on one thread (RAYON_NUM_THREADS=1)", ops_public=5 * n)
                env = {**os.environ, "RAYON_NUM_THREADS": "1"}
                timed_runs(
                    one,
                    args.runs,
                    lambda: run([sealant, "seal", "--cert", NEW_CERT, stream], stdout_path=out, env=env),
                    probe,
                )
                one.threads = 1
                results.append(one)

        if wanted("b"):
            # (b) reseal a repo offline, from keys/old to keys/new.
            r = Result("b", "reseal 1,000 files (5,000 items) from keys/old to keys/new", ops_public=5000, ops_private=5000)
            if not has_command(sealant, "reseal"):
                r.skipped = "this sealant has no `reseal` command yet"
            else:
                template = work / "repo-old"
                files = []
                for i in range(1000):
                    p = template / f"app-{i % 50}" / f"secret-{i}.yaml"
                    p.parent.mkdir(parents=True, exist_ok=True)
                    p.write_text(secret_yaml(i, 5, os.urandom)[4:])
                    files.append(p)
                for k in range(0, len(files), 250):
                    made = run([sealant, "seal", "-i", "--cert", OLD_CERT, *files[k : k + 250]])
                    if made.code != 0:
                        sys.exit(f"making the reseal repo failed: {made.stderr}")

                def reseal_once():
                    repo = work / "repo-run"
                    shutil.rmtree(repo, ignore_errors=True)
                    shutil.copytree(template, repo)
                    return run([sealant, "reseal", repo, "--key", BACKUP_LIST, "--cert", NEW_CERT])

                timed_runs(r, args.runs, reseal_once, probe)
                if r.median().code != 0:
                    r.note = f"FAILED: exit {r.median().code}: {r.median().stderr.strip()[:300]}"
            results.append(r)
            print(f"  done: {r.what}", flush=True)

        if wanted("c"):
            # (c) check a repo of 10,000 files.
            r = Result("c", "check 10,000 SealedSecret files")
            if not has_command(sealant, "check"):
                r.skipped = "this sealant has no `check` command yet"
            else:
                stream = work / "stream-10000.yaml"
                make_stream(stream, 10000, items=1)
                sealed = work / "sealed-10000.yaml"
                made = run([sealant, "seal", "--cert", NEW_CERT, stream], stdout_path=sealed)
                if made.code != 0:
                    sys.exit(f"making the check repo failed: {made.stderr}")
                repo = work / "repo-check"
                for i, doc in enumerate(split_yaml_documents(sealed.read_text())):
                    p = repo / f"team-{i % 100}" / f"sealed-{i}.yaml"
                    p.parent.mkdir(parents=True, exist_ok=True)
                    p.write_text(doc)
                for _ in range(args.runs):
                    r.runs.append(run([sealant, "check", repo]))
                m = r.median()
                if m.code not in (0, 1):
                    r.note = f"FAILED: exit {m.code}: {m.stderr.strip()[:300]}"
                else:
                    r.note = f"exit {m.code} ({'clean' if m.code == 0 else 'findings'})"
            results.append(r)
            print(f"  done: {r.what}", flush=True)

        if wanted("d"):
            # (d) one small Secret, process start to exit.
            small = work / "small.yaml"
            small.write_text(
                "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\n  namespace: payments\n"
                "type: Opaque\nstringData:\n  username: admin\n  password: s3cr3t\n"
            )
            r = Result("d", "seal one small Secret (2 items) with a cert file, start to exit", ops_public=2)
            for _ in range(args.small_runs):
                r.runs.append(run([sealant, "seal", "--cert", NEW_CERT, small], rss=False))
            r.small_rss_kib = max(run([sealant, "seal", "--cert", NEW_CERT, small]).rss_kib for _ in range(5))
            if r.median().code != 0:
                r.note = f"FAILED: {r.median().stderr.strip()[:300]}"
            results.append(r)
            print(f"  done: {r.what}", flush=True)



KEYRING_KEYS = 10
KEYRING_FILES = 400
KEYRING_ITEMS = 5
DAY = 86400


def make_keyring(work: Path):
    """Ten RSA-4096 keys with certificates 30 days apart (the oldest ten
    renewals ago), as a controller makes them; a `List` backup of all ten.
    Returns (cert paths, not-before times, backup path), or None without
    the `cryptography` package."""
    try:
        import datetime

        from cryptography import x509
        from cryptography.hazmat.primitives import hashes, serialization
        from cryptography.hazmat.primitives.asymmetric import rsa as crsa
        from cryptography.x509.oid import NameOID
    except ImportError:
        return None
    now = int(time.time())
    certs, starts, items = [], [], []
    for k in range(KEYRING_KEYS):
        key = crsa.generate_private_key(public_exponent=65537, key_size=4096)
        start = now - (KEYRING_KEYS - k) * 30 * DAY
        name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "sealed-secret")])
        cert = (
            x509.CertificateBuilder()
            .subject_name(name)
            .issuer_name(name)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(datetime.datetime.fromtimestamp(start, datetime.timezone.utc))
            .not_valid_after(datetime.datetime.fromtimestamp(start + 3650 * DAY, datetime.timezone.utc))
            .sign(key, hashes.SHA256())
        )
        crt = cert.public_bytes(serialization.Encoding.PEM)
        pem = key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.TraditionalOpenSSL,
            serialization.NoEncryption(),
        )
        path = work / f"ring-{k}.crt"
        path.write_bytes(crt)
        certs.append(path)
        starts.append(start)
        items.append(
            {
                "apiVersion": "v1",
                "kind": "Secret",
                "type": "kubernetes.io/tls",
                "metadata": {"name": f"sealed-secrets-key{k:02}", "namespace": "kube-system"},
                "data": {
                    "tls.crt": base64.b64encode(crt).decode(),
                    "tls.key": base64.b64encode(pem).decode(),
                },
            }
        )
    backup = work / "ring-backup.json"
    backup.write_text(json.dumps({"apiVersion": "v1", "kind": "List", "items": items}))
    return certs, starts, backup


def git(repo: Path, *argv, date: int | None = None):
    env = {**os.environ, "GIT_AUTHOR_NAME": "bench", "GIT_AUTHOR_EMAIL": "bench@example.com",
           "GIT_COMMITTER_NAME": "bench", "GIT_COMMITTER_EMAIL": "bench@example.com"}
    if date is not None:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = f"@{date} +0000"
    subprocess.run(["git", "-C", str(repo), *argv], check=True, capture_output=True, env=env)


def make_keyring_repo(sealant: Path, repo: Path, certs, starts, shuffled: str) -> list[int]:
    """400 files of 5 items in 20 folders, in a git repo with one commit per
    key period: the files of period p are committed the day after key p
    became the newest. In key order (`shuffled` "") each file is sealed with
    its period's key; "all", with any of the ten keys at random (even one
    made after the commit); "existing", with a random one of the keys made
    by then (keys 0..p). sealant's certificate record is stripped (kubeseal
    writes none). Returns each file's key."""
    import random
    import re

    rnd = random.Random(16)
    per = KEYRING_FILES // KEYRING_KEYS
    pick = {
        "": lambda i: i // per,
        "all": lambda i: rnd.randrange(KEYRING_KEYS),
        "existing": lambda i: rnd.randrange(i // per + 1),
    }[shuffled]
    keys = [pick(i) for i in range(KEYRING_FILES)]
    paths = []
    for i in range(KEYRING_FILES):
        p = repo / f"app-{i % 20}" / f"secret-{i}.yaml"
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(secret_yaml(i, KEYRING_ITEMS, os.urandom)[4:])
        paths.append(p)
    for k in range(KEYRING_KEYS):
        mine = [p for p, key in zip(paths, keys) if key == k]
        for j in range(0, len(mine), 200):
            made = run([sealant, "seal", "-i", "--cert", certs[k], *mine[j : j + 200]], rss=False)
            if made.code != 0:
                sys.exit(f"making the keyring repo failed: {made.stderr}")
    # kubeseal writes no annotations: sealant's own (the certificate record,
    # the value dates) go, and the `annotations:` line with them.
    record = re.compile(r"^  annotations:\n(?:    sealant\.dev/[\w.-]+: .*\n)+", re.M)
    for p in paths:
        text = record.sub("", p.read_text())
        if "sealant.dev/" in text:
            sys.exit(f"making the keyring repo: {p} still has a sealant annotation")
        p.write_text(text)
    git(repo, "init", "-q")
    for period in range(KEYRING_KEYS):
        batch = [str(p.relative_to(repo)) for p in paths[period * per : (period + 1) * per]]
        git(repo, "add", *batch)
        git(repo, "commit", "-q", "-m", f"period {period}", date=starts[period] + DAY)
    return keys


def private_ops(stderr: str) -> int | None:
    for line in stderr.splitlines():
        if "private-key operation(s)" in line:
            return int(line.split("sealant: ", 1)[1].split(" ", 1)[0])
    return None


def keyring_workloads(sealant: Path, work: Path, runs: int, probe) -> list:
    """(k1..k6): validate and reseal a ten-key repo, in key order, shuffled
    over all keys, and shuffled over the keys that existed at each commit."""
    names = ["k1", "k2", "k3", "k4", "k5", "k6"]
    whats = [
        "validate 400 files (2,000 items), 10 keys, sealed in key order",
        "validate the same, each file under a random key",
        "reseal 400 files (2,000 items) to the newest of 10 keys, key order",
        "reseal the same, each file under a random key",
        "validate, each file under a random key made before its commit",
        "reseal, each file under a random key made before its commit",
    ]
    # Which repo each workload runs on, and whether it validates.
    plan = [("", True), ("all", True), ("", False), ("all", False), ("existing", True), ("existing", False)]
    if not has_command(sealant, "validate"):
        return [Result(n, w, skipped="this sealant has no `validate` command") for n, w in zip(names, whats)]
    made = make_keyring(work)
    if made is None:
        return [Result(n, w, skipped="needs Python `cryptography` to make dated certificates") for n, w in zip(names, whats)]
    certs, starts, backup = made
    items = KEYRING_FILES * KEYRING_ITEMS
    out = []
    repos = {}
    for shuffled in ("", "all", "existing"):
        repo = work / f"ring-repo-{shuffled or 'ordered'}"
        keys = make_keyring_repo(sealant, repo, certs, starts, shuffled)
        repos[shuffled] = (repo, keys)
    env = {**os.environ, "SEALANT_STATS": "1"}
    for (name, what), (shuffled, validate) in zip(zip(names, whats), plan):
        repo, keys = repos[shuffled]
        if validate:
            r = Result(name, what, ops_private=items)
            once = lambda: run([sealant, "validate", "-k", backup, repo], env=env)
        else:
            resealed = sum(KEYRING_ITEMS for k in keys if k != KEYRING_KEYS - 1)
            r = Result(name, what, ops_private=items, ops_public=resealed)

            def once(repo=repo):
                copy = work / "ring-run"
                shutil.rmtree(copy, ignore_errors=True)
                shutil.copytree(repo, copy)
                return run([sealant, "reseal", copy, "-k", backup, "--cert", certs[-1]], env=env)

        timed_runs(r, runs, once, probe)
        m = r.median()
        ops = private_ops(m.stderr)
        r.note = f"{ops / items:.3f} private ops/item" if ops is not None else "no SEALANT_STATS line"
        if m.code != 0:
            r.note += f"; FAILED: exit {m.code}: {m.stderr.strip()[:300]}"
        out.append(r)
        print(f"  done: {r.what} ({r.note})", flush=True)
    return out


def make_history_repo(sealant: Path, repo: Path, files: int, commits: int) -> int:
    """A git repo (built with `git fast-import`) of `commits` commits over
    `files` SealedSecret files of 2 items. Each file has three states: v0
    sealed under keys/old, v1 the same values resealed under keys/new, v2 new
    values under keys/new. The first commit adds every file at v0; each later
    commit moves one file on (v0, v1, v2, v1, v2, ...), so the same blobs and
    ciphertexts recur. Returns the number of distinct ciphertexts."""
    states = repo.parent / "history-states"
    states.mkdir(parents=True, exist_ok=True)
    v = {}
    for name in ("v0", "v2"):
        paths = []
        for i in range(files):
            p = states / name / f"secret-{i}.yaml"
            p.parent.mkdir(parents=True, exist_ok=True)
            p.write_text(secret_yaml(i, 2, os.urandom)[4:])
            paths.append(p)
        cert = OLD_CERT if name == "v0" else NEW_CERT
        for j in range(0, len(paths), 200):
            made = run([sealant, "seal", "-i", "--cert", cert, *paths[j : j + 200]], rss=False)
            if made.code != 0:
                sys.exit(f"making the history repo failed: {made.stderr}")
        v[name] = paths
    shutil.copytree(states / "v0", states / "v1")
    made = run([sealant, "reseal", states / "v1", "--key", BACKUP_LIST, "--cert", NEW_CERT], rss=False)
    if made.code != 0:
        sys.exit(f"making the history repo failed: {made.stderr}")
    v["v1"] = [states / "v1" / p.name for p in v["v0"]]
    blobs = {name: [p.read_bytes() for p in paths] for name, paths in v.items()}
    cycle = ["v0", "v1", "v2", "v1", "v2"]
    step = [0] * files
    start = int(time.time()) - commits * 3600
    out = bytearray()
    for c in range(commits):
        out += f"commit refs/heads/main\ncommitter bench <bench@example.com> {start + c * 3600} +0000\n".encode()
        msg = f"commit {c}\n".encode()
        out += f"data {len(msg)}\n".encode() + msg
        changed = range(files) if c == 0 else [(c - 1) % files]
        for i in changed:
            if c > 0:
                step[i] = step[i] + 1 if step[i] + 1 < len(cycle) else 3
            data = blobs[cycle[step[i]]][i]
            out += f"M 100644 inline app-{i % 20}/secret-{i}.yaml\ndata {len(data)}\n".encode() + data + b"\n"
    git(repo, "init", "-q", "-b", "main")
    subprocess.run(["git", "-C", str(repo), "fast-import", "--quiet"], input=bytes(out), check=True, capture_output=True)
    git(repo, "reset", "-q", "--hard", "main")
    return files * 2 * 3


def history_workload(sealant: Path, work: Path, runs: int, probe, full: bool) -> Result:
    files, commits = (400, 1000) if full else (40, 100)
    what = f"audit --history: {commits:,} commits over {files} files (2 items each)"
    if not has_command(sealant, "audit"):
        return Result("h1", what, skipped="this sealant has no `audit` command")
    repo = work / "history-repo"
    repo.mkdir(parents=True, exist_ok=True)
    distinct = make_history_repo(sealant, repo, files, commits)
    r = Result("h1", what, ops_private=distinct)
    report_path = work / "history-report.json"

    def once():
        return run(
            [sealant, "audit", "--history", "--key", BACKUP_LIST, "--format", "json", "."],
            stdout_path=report_path,
            cwd=repo,
        )

    timed_runs(r, runs, once, probe)
    m = r.median()
    try:
        summary = json.loads(report_path.read_text())["summary"]
        r.note = (
            f"{summary['private_key_operations'] / max(summary['ciphertexts'], 1):.3f} private ops/distinct ciphertext"
            f" ({summary['ciphertexts']} distinct of {summary['commits']} commits, {summary['blobs']} blobs)"
        )
    except (OSError, ValueError, KeyError) as e:
        r.note = f"no report: {e}"
    if m.code != 0:
        r.note += f"; FAILED: exit {m.code}: {m.stderr.strip()[:300]}"
    print(f"  done: {r.what} ({r.note})", flush=True)
    return r


def scaling_workloads(sealant: Path, work: Path, runs: int, probe) -> list:
    """(s1..s3) streams of 1k, 10k, 100k values; (f1..f3) 100, 1,000, 10,000 files."""
    out = []
    for name, values in (("s1", 1000), ("s2", 10000), ("s3", 100000)):
        stream = work / f"scale-{values}.yaml"
        make_stream(stream, values // 5)
        r = Result(name, f"seal {values:,} values, one stream (RSA-2048)", ops_public=values, bits=2048)
        sink = work / "scale-out.yaml"
        timed_runs(r, runs, lambda: run([sealant, "seal", "--cert", SMALL_CERT, stream], stdout_path=sink), probe)
        if r.median().code != 0:
            r.note = f"FAILED: {r.median().stderr.strip()[:300]}"
        out.append(r)
        print(f"  done: {r.what}", flush=True)
    for name, files in (("f1", 100), ("f2", 1000), ("f3", 10000)):
        template = work / f"scale-files-{files}"
        for i in range(files):
            p = template / f"team-{i % 100}" / f"secret-{i}.yaml"
            p.parent.mkdir(parents=True, exist_ok=True)
            p.write_text(secret_yaml(i, 1, os.urandom)[4:])
        r = Result(name, f"seal -i {files:,} files of one value", ops_public=files)

        def once(template=template):
            copy = work / "scale-files-run"
            shutil.rmtree(copy, ignore_errors=True)
            shutil.copytree(template, copy)
            listed = sorted(str(p) for p in copy.rglob("*.yaml"))
            return run([sealant, "seal", "-i", "--cert", NEW_CERT, *listed])

        timed_runs(r, runs, once, probe)
        if r.median().code != 0:
            r.note = f"FAILED: {r.median().stderr.strip()[:300]}"
        else:
            # What the file system alone costs for the same rewrites, on one
            # thread: read, a new temp file beside it, write, fsync, rename.
            floors = []
            for _ in range(runs):
                copy = work / "scale-files-run"
                shutil.rmtree(copy, ignore_errors=True)
                shutil.copytree(template, copy)
                listed = sorted(str(p) for p in copy.rglob("*.yaml"))
                floors.append(run([sys.executable, "-c", FS_FLOOR, *listed], rss=False))
            floor = sorted(floors, key=lambda f: f.wall)[len(floors) // 2]
            r.note = (
                f"file-system floor (atomic rewrite of each file, no sealing, one thread):"
                f" {fmt_time(floor.wall)} wall, {fmt_time(floor.cpu)} CPU"
            )
        out.append(r)
        print(f"  done: {r.what}", flush=True)
    return out


# The file-system work of an atomic in-place rewrite, without the sealing:
# read each file, write 4x its bytes (about what sealing makes of one value)
# to a new file beside it, fsync it, and rename them all over the originals.
FS_FLOOR = """
import os, sys
done = []
for path in sys.argv[1:]:
    with open(path, "rb") as f:
        data = f.read()
    tmp = os.path.join(os.path.dirname(path), "." + os.path.basename(path) + ".floor-tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    os.write(fd, data * 4)
    os.fsync(fd)
    os.close(fd)
    done.append((tmp, path))
for tmp, path in done:
    os.rename(tmp, path)
"""


def peer_rsa(n: int):
    try:
        from cryptography import __version__ as version
        from cryptography import x509
        from cryptography.hazmat.primitives import hashes
        from cryptography.hazmat.primitives.asymmetric import padding
    except ImportError:
        return None
    key = x509.load_pem_x509_certificate(NEW_CERT.read_bytes()).public_key()
    pad = padding.OAEP(
        mgf=padding.MGF1(algorithm=hashes.SHA256()),
        algorithm=hashes.SHA256(),
        label=b"team-1/app-1-credentials",
    )
    session_key = os.urandom(32)
    key.encrypt(session_key, pad)
    wall0, cpu0 = time.perf_counter(), time.process_time()
    for _ in range(n):
        key.encrypt(session_key, pad)
    return {
        "version": version,
        "ops": n,
        "wall": time.perf_counter() - wall0,
        "cpu": time.process_time() - cpu0,
    }


def limits(r: Result, rsa: dict, cores: int):
    cores = r.threads or cores
    suffix = "" if r.bits == 4096 else f"_{r.bits}"
    wall = (r.ops_public * rsa[f"public_wall{suffix}"] + r.ops_private * rsa["private_wall"]) / cores
    cpu = r.ops_public * rsa[f"public_cpu{suffix}"] + r.ops_private * rsa["private_cpu"]
    return wall, cpu


def scaling(by_name, rsa, cores):
    """Time and memory per unit of work for s1..s3 and f1..f3: a straight
    line has the same cost per value (per file) at every size."""
    for names, unit in ((("s1", "s2", "s3"), "value"), (("f1", "f2", "f3"), "file")):
        rows = [by_name[n] for n in names if n in by_name and by_name[n].runs and not by_name[n].skipped]
        if len(rows) < 2:
            continue
        print(f"scaling per {unit}:")
        for r in rows:
            m = r.median()
            units = r.ops_public
            print(
                f"  ({r.name}) {units:>7,} {unit}s: {m.cpu / units * 1e6:7.1f} µs CPU and"
                f" {m.wall / units * 1e6:7.1f} µs wall per {unit}, CPU ratio {m.cpu / limits(r, rsa, cores)[1]:.2f}x,"
                f" peak {fmt_mib(m.rss_kib)}{'' if m.code == 0 else f'  FAILED: exit {m.code}'}"
            )
        first, last = rows[0].median(), rows[-1].median()
        per = (last.cpu / rows[-1].ops_public) / (first.cpu / rows[0].ops_public)
        print(
            f"  CPU per {unit} from {rows[0].name} to {rows[-1].name}: x{per:.2f}"
            f" ({rows[-1].ops_public // rows[0].ops_public}x the work); peak memory x{last.rss_kib / first.rss_kib:.2f}"
        )


def report(results, rsa, machine, peer, load_before, load_after, args):
    cores = machine["cores"]
    rows = []
    print()
    print(
        f"{'':4}{'workload':<66}{'wall':>10}{'CPU u+s':>10}{'peak RSS':>11}"
        f"{'RSA limit':>11}{'ratio':>7}{'avail.':>8}{'CPU ratio':>10}"
    )
    avail = rsa["available"]
    by_name = {}
    for r in results:
        by_name[r.name] = r
        m = r.median()
        if r.skipped or m is None:
            print(f"({r.name}) {r.what:<66} skipped: {r.skipped}")
            rows.append({"name": r.name, "what": r.what, "skipped": r.skipped})
            continue
        row = {"name": r.name, "what": r.what, "runs": len(r.runs), "available_cores": r.available, **asdict(m)}
        del row["stderr"]
        line = f"({r.name}) {r.what:<66}{fmt_time(m.wall):>10}{fmt_time(m.cpu):>10}{fmt_mib(m.rss_kib):>11}"
        if r.name != "d" and (r.ops_public or r.ops_private):
            lim_wall, lim_cpu = limits(r, rsa, cores)
            # The same limit for the cores the machine gave just before.
            used = r.threads or cores
            lim_avail = lim_wall * used / min(used, r.available or avail)
            row.update(
                rsa_limit=lim_wall,
                ratio=m.wall / lim_wall,
                rsa_limit_available=lim_avail,
                ratio_available=m.wall / lim_avail,
                cpu_ratio=m.cpu / lim_cpu,
            )
            line += (
                f"{fmt_time(lim_wall):>11}{m.wall / lim_wall:>6.2f}x"
                f"{m.wall / lim_avail:>7.2f}x{m.cpu / lim_cpu:>9.2f}x"
            )
        if r.name == "d":
            walls = sorted(x.wall for x in r.runs)
            cpus = sorted(x.cpu for x in r.runs)
            row.update(
                median_wall=statistics.median(walls),
                median_cpu=statistics.median(cpus),
                min_wall=walls[0],
                max_rss_kib=r.small_rss_kib,
                # The timed runs are started directly, without GNU time.
                rss_kib=r.small_rss_kib,
            )
            line = (
                f"({r.name}) {r.what:<66}{fmt_time(statistics.median(walls)):>10}"
                f"{fmt_time(statistics.median(cpus)):>10}{fmt_mib(row['max_rss_kib']):>11}"
                f"   (median of {len(r.runs)}; fastest {fmt_time(walls[0])})"
            )
        print(line)
        if r.note:
            print(f"{'':4}{r.note}")
        rows.append(row)
    if peer:
        a = by_name["a"].median()
        print(
            f"peer: Python cryptography {peer['version']}, {peer['ops']:,} RSA-4096 OAEP encryptions on one core:"
            f" {fmt_time(peer['wall'])} wall, {fmt_time(peer['cpu'])} CPU;"
            f" sealant (a) is {peer['wall'] / a.wall:.1f}x faster end to end"
        )
    elif "a" in by_name:
        print("peer: Python `cryptography` is not installed (pip install cryptography): column skipped")

    print()
    print("goals:")
    goals = []

    def goal(text, ok):
        goals.append({"goal": text, "met": ok})
        print(f"  [{'met' if ok else 'NOT MET' if ok is not None else 'skipped'}] {text}")

    a, a2, b, c, d = (by_name.get(k) for k in ("a", "a2", "b", "c", "d"))

    def against_available(r):
        return r.median().wall / (limits(r, rsa, cores)[0] * cores / min(cores, r.available or avail))

    def cpu_ratio(r):
        return r.median().cpu / limits(r, rsa, cores)[1]

    if a and a2 and b and c and d:
        am = a.median()
        goal(
            f"(a) 5,000 values within 1.3x of the RSA limit (of the cores available: {against_available(a):.2f}x)",
            am.wall / limits(a, rsa, cores)[0] <= 1.3,
        )
        goal("(a) at least 2x faster than the Python cryptography peer", (peer["wall"] / am.wall >= 2) if peer else None)
        goal(
            "(b) reseal within 1.3x of the RSA limit"
            + ("" if b.skipped else f" (of the cores available: {against_available(b):.2f}x)"),
            None if b.skipped else b.median().wall / limits(b, rsa, cores)[0] <= 1.3,
        )
        goal("(c) check 10,000 files under 1 s", None if c.skipped else c.median().wall < 1.0)
        goal("(d) one small seal under 10 ms", statistics.median(x.wall for x in d.runs) < 0.010)
        goal("(a) peak memory under 50 MB", am.rss_kib * 1024 < 50e6)
        grow = a2.median().rss_kib / am.rss_kib
        goal(f"(a) memory flat when the stream doubles (x{grow:.2f})", grow < 1.25)
    for name, what, bound in (
        ("k1", "validate, key order", 1.10),
        ("k2", "validate, shuffled", 1.5),
        ("k3", "reseal, key order", 1.15),
        ("k4", "reseal, shuffled", 1.5),
        ("k5", "validate, shuffled among the keys made by each commit", 1.5),
        ("k6", "reseal, shuffled among the keys made by each commit", 1.5),
    ):
        r = by_name.get(name)
        if r is None or r.skipped or not r.runs:
            continue
        goal(
            f"({name}) {what}: CPU within {bound}x of one private operation per item"
            f" (CPU {cpu_ratio(r):.2f}x, wall {r.median().wall / limits(r, rsa, cores)[0]:.2f}x,"
            f" of the cores available {against_available(r):.2f}x; {r.note})",
            cpu_ratio(r) <= bound and r.median().code == 0,
        )
    scaling(by_name, rsa, cores)
    if "a1" in by_name:
        speedup = by_name["a1"].median().wall / a.median().wall
        print(f"parallel speedup of (a) over one thread: {speedup:.2f}x on {cores} cores")
    print(
        f"cores available for RSA work: {rsa['available_before']:.2f} before, {rsa['available_after']:.2f} after"
        f" (of {cores}; the 'avail.' column uses the mean of the probes around each workload's runs)"
    )
    print(
        f"load average: {load_before[0]:.2f} before, {load_after[0]:.2f} after"
        " (other processes on the machine stretch wall times; CPU ratios are immune)"
    )
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "machine": machine,
                    "load_average": {"before": load_before, "after": load_after},
                    "rsa": rsa,
                    "results": rows,
                    "peer": peer,
                    "goals": goals,
                },
                indent=2,
            )
        )
        print(f"results written to {args.json}")


if __name__ == "__main__":
    main()
