#!/usr/bin/env python3
"""Run generated privileged-instruction programs and compare their final state.

    python3 tests/fuzz/run.py [--seeds N | --seed-list a,b,c] [--first S]
                              [--jobs J] [--build-dir build/fuzz]
                              [--twice | --virtualized [--keep]]

For each seed: generate the program (tests/fuzz/genpriv.py), assemble and
link it with the cross toolchain (tests/fuzz/fuzz.ld), run it, and check
the transcript: `fuzz: start <seed>`, the state dump in the expected order,
no `fuzz: UNEXPECTED` line, log.overflow zero, `fuzz: end <seed>`.

Modes:
  (default)       run each program natively (the QEMU model is the oracle)
  --twice         run natively twice, under -icount shift=0 and shift=2, and
                  compare the dumps: proves the dump is independent of timing
  --virtualized   run natively and virtualized (in a partition under the
                  core) and compare: the full-virtualization equivalence test

A runner takes an ELF and returns the serial transcript; the virtualized
one (VirtualizedRunner) wraps the ELF as the only partition of a boot image
(tests/qemu/partition_image.py) built per seed into build/fuzz-virt/<seed>/
(removed after the run unless --keep).

--only/--exclude restrict the catalogue (the programs then differ from the
default ones for the same seed).  One line per seed, `PASS fuzz.<seed>` or
`FAIL fuzz.<seed>: <reason>`, in seed order, then
`fuzz: <N> passed, <M> failed`.  Transcripts go to
<build-dir>/<seed>.<runner>.log.  Exit status: 0 if every seed passed, 1 if
one failed, 2 for a usage error or a runner that cannot run.
"""

import argparse
import concurrent.futures
import os
import re
import shutil
import threading
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
if HERE not in sys.path:
    sys.path.insert(0, HERE)
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

import genpriv                              # noqa: E402
from tests.qemu import partition_image      # noqa: E402
from tests.qemu import scenario             # noqa: E402

DEFAULT_BUILD_DIR = os.path.join("build", "fuzz")
DEFAULT_CROSS = "powerpc-linux-gnu-"
DEFAULT_QEMU = "qemu-system-ppc"
DEFAULT_TIMEOUT = 30.0
LDSCRIPT = os.path.join(HERE, "fuzz.ld")

VALUE_RE = re.compile(r"fuzz: ([A-Za-z0-9_.]+)=(0x[0-9a-f]{8})\s*$")
UNEXPECTED_MARK = "fuzz: UNEXPECTED"


class BuildError(Exception):
    pass


class RunnerUnavailable(Exception):
    """The runner cannot run here (missing tool, not implemented yet)."""


# ---------------------------------------------------------------------------
# Building

def assemble(text, stem, cross=DEFAULT_CROSS):
    """Write text to STEM.S, assemble and link it into STEM.elf; return the
    ELF's path."""
    directory = os.path.dirname(stem)
    if directory:
        os.makedirs(directory, exist_ok=True)
    src = stem + ".S"
    elf = stem + ".elf"
    with open(src, "w", encoding="utf-8") as f:
        f.write(text)
    cmd = [cross + "gcc", "-mcpu=405", "-nostdlib", "-static", "-Wa,-mregnames",
           "-Wa,--fatal-warnings", "-Wl,--build-id=none", "-Wl,--no-warn-rwx-segments",
           "-T", LDSCRIPT, "-o", elf, src]
    try:
        proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              universal_newlines=True)
    except OSError as e:
        raise BuildError("cannot run %s: %s" % (cmd[0], e.strerror))
    if proc.returncode != 0:
        lines = proc.stdout.strip().splitlines()
        raise BuildError("build of %s failed: %s" % (
            src, lines[-1] if lines else "status %d" % proc.returncode))
    return elf


def build(seed, build_dir, length=200, cross=DEFAULT_CROSS, only=None, exclude=()):
    """Generate, assemble and link the program of seed into
    BUILD_DIR/SEED.S and .elf; return (elf, gen)."""
    text, gen = genpriv.generate_info(seed, length, only, exclude)
    return assemble(text, os.path.join(build_dir, "%d" % seed), cross), gen


# ---------------------------------------------------------------------------
# Runners

class Outcome:
    """What a runner returns: the transcript lines and whether the run ended
    as a program's run must end (the end line seen, nothing forbidden)."""

    def __init__(self, lines, ended, reason, seconds, command=None, stderr=""):
        self.lines = lines
        self.ended = ended
        self.reason = reason
        self.seconds = seconds
        self.command = command
        self.stderr = stderr


class Runner:
    """Runs one program ELF and returns its serial transcript."""

    name = "runner"

    def run(self, elf, seed, timeout=DEFAULT_TIMEOUT):
        raise NotImplementedError


class _FuzzScenario(scenario.Scenario):
    """A scenario of the QEMU harness with an icount shift of our choice."""

    def __init__(self, name, image, timeout, shift):
        super().__init__(name)
        self.image = image
        self.timeout = timeout
        self.shift = shift

    def qemu_command(self, qemu=DEFAULT_QEMU):
        return [qemu, "-M", "ref405ep", "-display", "none", "-monitor", "none",
                "-nodefaults", "-serial", "stdio",
                "-icount", "shift=%d,sleep=off" % self.shift, "-kernel", self.image]


class NativeRunner(Runner):
    """The program alone on the bare ref405ep board, in QEMU, with a
    deterministic instruction count (-icount shift=N,sleep=off)."""

    def __init__(self, qemu=DEFAULT_QEMU, shift=0):
        self.qemu = qemu
        self.shift = shift
        self.name = "native" if shift == 0 else "native-shift%d" % shift

    def run(self, elf, seed, timeout=DEFAULT_TIMEOUT):
        scn = _FuzzScenario("fuzz.%d" % seed, elf, timeout, self.shift)
        scn.stop = "fuzz: end %d" % seed
        scn.forbids = [UNEXPECTED_MARK]
        result = scenario.run_scenario(scn, self.qemu)
        lines = result.evaluated_lines()
        return Outcome(lines, result.passed, result.reason, result.seconds,
                       result.command, result.stderr)


class VirtualizedRunner(Runner):
    """The same program, unmodified, as the only guest partition of a Proteus
    boot image (full virtualization, granted the UART page so that it prints
    exactly as on the bare board; tests/qemu/partition_image.py, shared with
    the differential harness).  All seeds share one configuration,
    build/<area>/cfg/fzimg.conf, rewritten per seed with that seed's ELF as
    the image, and one build directory (CONFIG=<area>/img): the core's
    objects are compiled once, and each seed costs the configuration tables
    and a link.  Under a lock, the image is built and copied to
    build/<area>/<seed>.elf (removed after the run unless keep), which is
    booted until `fuzz: end <seed>` or a core fault line.  The lines
    returned are the transcript after the core's banner."""

    name = "virtualized"
    _build_lock = threading.Lock()   # one seed at a time writes and builds the shared image

    def __init__(self, qemu=DEFAULT_QEMU, cross=DEFAULT_CROSS, area="fuzz-virt", keep=False):
        self.qemu = qemu
        self.cross = cross
        self.area = area
        self.keep = keep

    def config_name(self, seed=None):
        return "%s/img" % self.area

    def config_file(self, seed=None):
        return os.path.join(partition_image.ROOT, partition_image.BUILD, self.area, "cfg",
                            "fzimg.conf")

    def seed_image(self, seed):
        return os.path.join(partition_image.ROOT, partition_image.BUILD, self.area,
                            "%d.elf" % seed)

    def write_config(self, elf, seed):
        return partition_image.write_config(self.config_file(seed), elf, "fuzz",
                                            "fuzz seed %d" % seed)

    def run(self, elf, seed, timeout=DEFAULT_TIMEOUT):
        start = time.monotonic()
        name = self.config_name(seed)
        log = os.path.join(partition_image.ROOT, partition_image.BUILD, self.area,
                           "%d.build.log" % seed)
        image = self.seed_image(seed)
        with self._build_lock:
            try:
                built = partition_image.build_image(name, self.write_config(elf, seed), log,
                                                    variables={"CROSS": self.cross})
            except partition_image.ToolMissing as e:
                raise RunnerUnavailable(str(e))
            except partition_image.BuildError as e:
                return Outcome([], False, str(e), time.monotonic() - start)
            shutil.copyfile(built, image)
        try:
            result = partition_image.run_until(image, "fuzz.%d" % seed,
                                               re.compile(r"fuzz: end %d$" % seed),
                                               timeout, self.qemu, core=True)
        finally:
            if not self.keep and os.path.exists(image):
                os.remove(image)
        split, ended, reason = partition_image.virtualized(result)
        return Outcome(split.transcript, ended, reason, time.monotonic() - start,
                       result.command, result.stderr)


# ---------------------------------------------------------------------------
# Transcripts

def values(lines):
    """The (name, value) pairs of a transcript, in order.  A line may carry a
    prefix before `fuzz: ` (a partition name, say)."""
    out = []
    for line in lines:
        at = line.find("fuzz: ")
        if at < 0:
            continue
        m = VALUE_RE.match(line[at:])
        if m:
            out.append((m.group(1), m.group(2)))
    return out


def _has_line(lines, text):
    return any(line[line.find("fuzz: "):] == text for line in lines if "fuzz: " in line)


def check_transcript(seed, lines, expected_names=None):
    """None if the transcript is a complete, well-formed run of seed's
    program, else the reason.  expected_names: the fixed part of the dump
    (Gen.dump_names()) to check the order against."""
    for line in lines:
        if UNEXPECTED_MARK in line:
            return "unexpected exception: %s" % line[line.find(UNEXPECTED_MARK):]
    if not _has_line(lines, "fuzz: start %d" % seed):
        return "no 'fuzz: start %d' line" % seed
    if not _has_line(lines, "fuzz: end %d" % seed):
        return "no 'fuzz: end %d' line" % seed
    pairs = values(lines)
    got = dict(pairs)
    if "log.count" not in got or "log.overflow" not in got:
        return "no log.count/log.overflow in the dump"
    if int(got["log.overflow"], 16) != 0:
        return "exception log overflow (%s entries lost)" % int(got["log.overflow"], 16)
    if expected_names is not None:
        count = int(got["log.count"], 16)
        names = list(expected_names)
        for k in range(count):
            names += ["log%d.%s" % (k, w) for w in genpriv.LOG_ENTRY_WORDS]
        seen = [n for n, _ in pairs]
        if seen != names:
            for i, (a, b) in enumerate(zip(seen, names)):
                if a != b:
                    return "dump line %d is %r, expected %r" % (i + 1, a, b)
            return "dump has %d values, expected %d" % (len(seen), len(names))
    return None


def compare(seed, native_lines, virt_lines, labels=("native", "virtualized")):
    """None if both transcripts dump the same state, else
    "seed S: first difference at <reg>: native=0x... virtualized=0x..."."""
    a = values(native_lines)
    b = values(virt_lines)
    for i in range(max(len(a), len(b))):
        na, va = a[i] if i < len(a) else (None, "missing")
        nb, vb = b[i] if i < len(b) else (None, "missing")
        if na == nb and va == vb:
            continue
        if na is not None and nb is not None and na != nb:
            return "seed %d: first difference at %s: %s=%s %s=%s (%s)" % (
                seed, na, labels[0], va, labels[1], "missing", "has %s=%s there" % (nb, vb))
        return "seed %d: first difference at %s: %s=%s %s=%s" % (
            seed, na or nb, labels[0], va, labels[1], vb)
    for label, lines in zip(labels, (native_lines, virt_lines)):
        if not _has_line(lines, "fuzz: end %d" % seed):
            return "seed %d: %s transcript has no 'fuzz: end %d' line" % (seed, label, seed)
    return None


def write_log(build_dir, seed, runner, outcome):
    path = os.path.join(build_dir, "%d.%s.log" % (seed, runner.name))
    with open(path, "w", encoding="utf-8") as f:
        if outcome.command:
            f.write("# command: %s\n" % " ".join(outcome.command))
        f.write("# %s, %.2f s\n" % ("ended" if outcome.ended else
                                    "did not end: %s" % outcome.reason, outcome.seconds))
        for line in outcome.lines:
            f.write(line + "\n")
        if outcome.stderr:
            f.write("# --- stderr ---\n" + outcome.stderr)
            if not outcome.stderr.endswith("\n"):
                f.write("\n")
    return path


# ---------------------------------------------------------------------------
# One seed

def run_seed(seed, runners, build_dir, length, cross, timeout, only=None, exclude=()):
    """(seed, passed, reason, seconds) for one seed: build, run with every
    runner, check each transcript, compare the first with the others."""
    start = time.monotonic()
    try:
        elf, gen = build(seed, build_dir, length, cross, only, exclude)
    except BuildError as e:
        return seed, False, str(e), time.monotonic() - start
    transcripts = []
    for runner in runners:
        outcome = runner.run(elf, seed, timeout)
        write_log(build_dir, seed, runner, outcome)
        if not outcome.ended:
            return seed, False, "%s run: %s" % (runner.name, outcome.reason), \
                time.monotonic() - start
        problem = check_transcript(seed, outcome.lines, gen.dump_names())
        if problem:
            return seed, False, "%s run: %s" % (runner.name, problem), \
                time.monotonic() - start
        transcripts.append(outcome.lines)
    for runner, lines in zip(runners[1:], transcripts[1:]):
        diff = compare(seed, transcripts[0], lines, (runners[0].name, runner.name))
        if diff:
            return seed, False, diff, time.monotonic() - start
    return seed, True, "ok", time.monotonic() - start


def parse_seed_list(text):
    seeds = []
    for part in text.split(","):
        part = part.strip()
        if not part:
            continue
        if "-" in part:
            lo, hi = part.split("-", 1)
            seeds.extend(range(int(lo), int(hi) + 1))
        else:
            seeds.append(int(part))
    if any(s < 0 for s in seeds):
        raise ValueError("seeds must be non-negative")
    return seeds


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="Run generated PPC405 privileged-instruction programs natively "
                    "(and virtualized) and compare their final state.")
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--seeds", type=int, metavar="N",
                       help="run N seeds: FIRST .. FIRST+N-1 (default 20)")
    which.add_argument("--seed-list", metavar="A,B,C",
                       help="run these seeds (ranges like 5-9 allowed)")
    parser.add_argument("--first", type=int, default=0, metavar="S",
                        help="first seed for --seeds (default %(default)s)")
    parser.add_argument("--jobs", "-j", type=int, default=2, metavar="J",
                        help="seeds run in parallel (default %(default)s)")
    parser.add_argument("--build-dir", default=DEFAULT_BUILD_DIR,
                        help="where programs and transcripts go (default %(default)s)")
    parser.add_argument("--length", type=int, default=200,
                        help="random items per program (default %(default)s)")
    parser.add_argument("--only", default="", metavar="ITEM,...",
                        help="draw only these catalogue items (see genpriv.py --help)")
    parser.add_argument("--exclude", default="", metavar="ITEM,...",
                        help="never draw these catalogue items")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--twice", action="store_true",
                      help="run natively under -icount shift=0 and shift=2 and compare")
    mode.add_argument("--virtualized", action="store_true",
                      help="run natively and virtualized under the core and compare")
    parser.add_argument("--keep", action="store_true",
                        help="with --virtualized: keep each seed's boot image "
                             "(build/fuzz-virt/<seed>/proteus.elf)")
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT,
                        help="seconds per run, a guard only (default %(default)s)")
    parser.add_argument("--qemu", default=DEFAULT_QEMU, help="QEMU binary")
    parser.add_argument("--cross", default=os.environ.get("CROSS", DEFAULT_CROSS),
                        help="cross toolchain prefix (default $CROSS or %s)" % DEFAULT_CROSS)
    args = parser.parse_args(argv)

    if args.seed_list is not None:
        try:
            seeds = parse_seed_list(args.seed_list)
        except ValueError as e:
            parser.error("bad --seed-list: %s" % e)
    else:
        n = 20 if args.seeds is None else args.seeds
        if n < 0 or args.first < 0:
            parser.error("--seeds and --first must be non-negative")
        seeds = list(range(args.first, args.first + n))
    if args.jobs < 1:
        parser.error("--jobs must be at least 1")
    if args.length < 0:
        parser.error("--length must be non-negative")
    only = [x for x in args.only.split(",") if x]
    exclude = [x for x in args.exclude.split(",") if x]
    try:
        genpriv.Gen(0, 0, only, exclude)
    except ValueError as e:
        parser.error(str(e))

    runners = [NativeRunner(args.qemu, 0)]
    if args.twice:
        runners.append(NativeRunner(args.qemu, 2))
    elif args.virtualized:
        # one image area per build directory: two campaigns with different
        # --build-dir never share (and race on) one boot image
        area = os.path.basename(os.path.normpath(args.build_dir)) + "-virt"
        runners.append(VirtualizedRunner(args.qemu, args.cross, area=area, keep=args.keep))

    def one(seed):
        return run_seed(seed, runners, args.build_dir, args.length, args.cross,
                        args.timeout, only, exclude)

    passed = failed = 0
    seconds = []
    try:
        with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
            for seed, ok, reason, secs in pool.map(one, seeds):
                seconds.append(secs)
                if ok:
                    passed += 1
                    print("PASS fuzz.%d" % seed, flush=True)
                else:
                    failed += 1
                    print("FAIL fuzz.%d: %s" % (seed, reason), flush=True)
    except RunnerUnavailable as e:
        print("run.py: error: %s" % e, file=sys.stderr)
        return 2
    mean = sum(seconds) / len(seconds) if seconds else 0.0
    print("fuzz: %d passed, %d failed (%.2f s per seed, %d job%s)"
          % (passed, failed, mean, args.jobs, "" if args.jobs == 1 else "s"), flush=True)
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
