#!/usr/bin/env python3
"""Run Proteus-405 boot scenarios on QEMU's ref405ep board.

A scenario file (FILE.scn) is line-oriented, `key = value`, `#` starts a
comment line:

    image = build/guests/hello.elf   # required; relative to the cwd (repo root)
    timeout = 60                     # seconds, a guard only (default 60)
    icount = on                      # on|off (default on: -icount shift=0,sleep=off)
    expect = <text>                  # repeatable, satisfied in order
    expect-re = <regex>              # like expect, a Python regular expression (re.search)
    expect-count = <N> <text>        # at least N lines contain <text>
    forbid = <text>                  # no line may contain <text>
    stop = <text>                    # end the run at the first line containing <text>

Without `stop`, the run ends as soon as every expect and expect-count is
satisfied.  Expectations are substring matches on output lines; expect #k+1
must match the line that satisfied expect #k or a later one.

For each scenario one line is printed, `PASS <name>` or `FAIL <name>: <reason>`,
and the transcript goes to <log-dir>/<name>.log.  The name is the file's path
below tests/scenarios/ without `.scn` (native_hello, demo/boot).  The exit status is 0 iff
every scenario passed, 1 if one failed, 2 for a usage or scenario-file error.
"""

import argparse
import os
import re
import selectors
import subprocess
import sys
import time

DEFAULT_TIMEOUT = 60.0
DEFAULT_LOG_DIR = os.path.join("build", "scenarios")
DEFAULT_QEMU = "qemu-system-ppc"
TERMINATE_GRACE = 2.0  # seconds between SIGTERM and SIGKILL

KNOWN_KEYS = ("image", "timeout", "icount", "expect", "expect-re", "expect-count", "forbid",
              "stop")


class ScenarioError(Exception):
    """A scenario file that cannot be run (exit status 2)."""


class Scenario:
    """The parsed contents of one scenario file."""

    def __init__(self, name, path=None):
        self.name = name
        self.path = path
        self.image = None
        self.timeout = DEFAULT_TIMEOUT
        self.icount = True
        self.expects = []        # [text]
        self.expect_counts = []  # [(n, text)]
        self.forbids = []        # [text]
        self.stop = None

    def qemu_command(self, qemu=DEFAULT_QEMU):
        cmd = [qemu, "-M", "ref405ep", "-nodefaults", "-display", "none",
               "-monitor", "none", "-serial", "stdio"]
        if self.icount:
            cmd += ["-icount", "shift=0,sleep=off"]
        cmd += ["-kernel", self.image]
        return cmd


def scenario_name(path):
    """The name in PASS/FAIL lines and logs: the path below the nearest
    `scenarios` directory without `.scn` (tests/scenarios/native_hello.scn ->
    native_hello, tests/scenarios/demo/boot.scn -> demo/boot), else the
    file name without `.scn`."""
    parts = os.path.normpath(path).split(os.sep)
    dirs = parts[:-1]
    if "scenarios" in dirs:
        nearest = len(dirs) - 1 - dirs[::-1].index("scenarios")
        parts = parts[nearest + 1:]
    else:
        parts = parts[-1:]
    name = "/".join(parts)
    return name[:-4] if name.endswith(".scn") else name


def parse_scenario(text, name, path=None, check_image=True):
    """Parse scenario text; raise ScenarioError with file:line on a problem."""
    scn = Scenario(name, path)
    where = path if path is not None else name
    seen = set()
    for lineno, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue

        def fail(msg):
            raise ScenarioError("%s:%d: %s" % (where, lineno, msg))

        if "=" not in line:
            fail("expected 'key = value', got %r" % line)
        key, value = line.split("=", 1)
        key = key.strip()
        value = value.strip()
        if key not in KNOWN_KEYS:
            fail("unknown key %r (known: %s)" % (key, ", ".join(KNOWN_KEYS)))
        if key in ("image", "timeout", "icount", "stop") and key in seen:
            fail("key %r given twice" % key)
        seen.add(key)
        if not value:
            fail("empty value for %r" % key)

        if key == "image":
            scn.image = value
        elif key == "timeout":
            try:
                scn.timeout = float(value)
            except ValueError:
                fail("timeout is not a number: %r" % value)
            if not scn.timeout > 0:
                fail("timeout must be positive")
        elif key == "icount":
            if value not in ("on", "off"):
                fail("icount must be on or off, got %r" % value)
            scn.icount = value == "on"
        elif key == "expect":
            scn.expects.append(value)
        elif key == "expect-re":
            try:
                scn.expects.append(re.compile(value))
            except re.error as e:
                fail("bad regular expression %r: %s" % (value, e))
        elif key == "expect-count":
            parts = value.split(None, 1)
            if len(parts) != 2 or not parts[0].isdigit():
                fail("expect-count wants '<N> <text>', got %r" % value)
            count = int(parts[0])
            if count < 1:
                fail("expect-count N must be at least 1")
            scn.expect_counts.append((count, parts[1]))
        elif key == "forbid":
            scn.forbids.append(value)
        elif key == "stop":
            scn.stop = value

    if scn.image is None:
        raise ScenarioError("%s: missing required key 'image'" % where)
    if not (scn.expects or scn.expect_counts or scn.stop):
        raise ScenarioError("%s: nothing to wait for (no expect, expect-count or stop)"
                            % where)
    if check_image and not os.path.isfile(scn.image):
        raise ScenarioError("%s: image %s does not exist (build it first)"
                            % (where, scn.image))
    return scn


def load_scenario(path, check_image=True):
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except OSError as e:
        raise ScenarioError("%s: cannot read: %s" % (path, e.strerror))
    return parse_scenario(text, scenario_name(path), path, check_image)


def expect_matches(expect, line):
    """An expect is a literal (substring) or a compiled regex (search)."""
    if hasattr(expect, "search"):
        return expect.search(line) is not None
    return expect in line


class Evaluator:
    """Checks output lines against a scenario, one line at a time."""

    def __init__(self, scn):
        self.scn = scn
        self.next_expect = 0                  # index of the first unmet expect
        self.expect_lines = []                # line number that met each expect
        self.counts = [0] * len(scn.expect_counts)
        self.forbidden = None                 # (line number, text, line)
        self.stopped = False                  # the stop line was seen
        self.lines_seen = 0

    def feed(self, line):
        self.lines_seen += 1
        lineno = self.lines_seen
        for text in self.scn.forbids:
            if text in line and self.forbidden is None:
                self.forbidden = (lineno, text, line)
        while (self.next_expect < len(self.scn.expects)
               and expect_matches(self.scn.expects[self.next_expect], line)):
            self.next_expect += 1
            self.expect_lines.append(lineno)
        for i, (_, text) in enumerate(self.scn.expect_counts):
            if text in line:
                self.counts[i] += 1
        if self.scn.stop is not None and self.scn.stop in line:
            self.stopped = True

    def satisfied(self):
        return (self.next_expect == len(self.scn.expects)
                and all(c >= n for c, (n, _) in zip(self.counts, self.scn.expect_counts)))

    def done(self):
        """True when the run can end: verdict known or stop line seen."""
        if self.forbidden is not None or self.stopped:
            return True
        return self.scn.stop is None and self.satisfied()

    def unmet(self):
        """A description of the first unmet expectation, or None."""
        if self.next_expect < len(self.scn.expects):
            after = ""
            if self.next_expect > 0:
                after = " after line %d" % self.expect_lines[-1]
            pending = self.scn.expects[self.next_expect]
            shown = "re:" + pending.pattern if hasattr(pending, "pattern") else pending
            return "expect #%d %r not seen%s" % (self.next_expect + 1, shown, after)
        for c, (n, text) in zip(self.counts, self.scn.expect_counts):
            if c < n:
                return "expect-count %d %r: only %d line(s)" % (n, text, c)
        return None

    def verdict(self, end=None):
        """(passed, reason).  end describes why the run ended early, if it
        did ('timeout after 60 s', 'qemu exited with status 1', ...)."""
        if self.forbidden is not None:
            lineno, text, line = self.forbidden
            return False, "forbidden %r on line %d: %s" % (text, lineno, line)
        unmet = self.unmet()
        if unmet is not None:
            return False, unmet + ("" if end is None else " (%s)" % end)
        if self.scn.stop is not None and not self.stopped:
            return False, "stop line %r not seen%s" % (
                self.scn.stop, "" if end is None else " (%s)" % end)
        return True, "ok"


def evaluate_lines(scn, lines, end=None):
    """Evaluate a complete transcript (list of lines) against a scenario.
    Lines after the one that ends the run are ignored, as in a real run."""
    ev = Evaluator(scn)
    for line in lines:
        ev.feed(line)
        if ev.done():
            break
    return ev.verdict(None if ev.done() else end)


class RunResult:
    def __init__(self, scn, lines, stderr, passed, reason, command, seconds, exit_status,
                 lines_evaluated=None):
        self.scn = scn
        self.lines = lines          # every output line read (without newlines)
        # how many of them were evaluated (the rest came after the end)
        self.lines_evaluated = len(lines) if lines_evaluated is None else lines_evaluated
        self.stderr = stderr
        self.passed = passed
        self.reason = reason
        self.command = command
        self.seconds = seconds
        self.exit_status = exit_status

    def evaluated_lines(self):
        """The lines up to and including the one that ended the run."""
        return self.lines[:self.lines_evaluated]

    def summary(self):
        if self.passed:
            return "PASS %s" % self.scn.name
        return "FAIL %s: %s" % (self.scn.name, self.reason)


def _stop_process(proc):
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(TERMINATE_GRACE)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    return proc.returncode


def _split_line(raw):
    return raw.decode("utf-8", errors="replace").rstrip("\r")


def run_scenario(scn, qemu=DEFAULT_QEMU):
    """Boot the scenario's image, watch its serial output, return a RunResult."""
    command = scn.qemu_command(qemu)
    start = time.monotonic()
    try:
        proc = subprocess.Popen(command, stdin=subprocess.DEVNULL,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    except OSError as e:
        return RunResult(scn, [], "", False, "cannot start %s: %s" % (qemu, e.strerror),
                         command, 0.0, None)

    ev = Evaluator(scn)
    lines = []
    partial = b""
    stderr = b""
    end = None
    sel = selectors.DefaultSelector()
    sel.register(proc.stdout, selectors.EVENT_READ, "out")
    sel.register(proc.stderr, selectors.EVENT_READ, "err")
    deadline = start + scn.timeout
    try:
        while sel.get_map() and not ev.done():
            left = deadline - time.monotonic()
            if left <= 0:
                end = "timeout after %g s" % scn.timeout
                break
            for key, _ in sel.select(min(left, 0.5)):
                data = os.read(key.fileobj.fileno(), 65536)
                if not data:
                    sel.unregister(key.fileobj)
                    continue
                if key.data == "err":
                    stderr += data
                    continue
                partial += data
                *complete, partial = partial.split(b"\n")
                for raw in complete:
                    line = _split_line(raw)
                    lines.append(line)
                    if not ev.done():
                        ev.feed(line)
        if not sel.get_map() and not ev.done():
            # qemu closed its output: account for an unterminated last line
            if partial:
                line = _split_line(partial)
                lines.append(line)
                partial = b""
                ev.feed(line)
            if not ev.done():
                status = proc.wait()
                end = "qemu exited with status %d" % status
                errors = stderr.decode("utf-8", errors="replace").strip().splitlines()
                if errors:
                    end += ": " + errors[-1]
    finally:
        sel.close()
        status = _stop_process(proc)
        try:
            stderr += proc.stderr.read()
        except (OSError, ValueError):
            pass
        proc.stdout.close()
        proc.stderr.close()
    if partial:
        lines.append(_split_line(partial))

    passed, reason = ev.verdict(None if ev.done() else end)
    return RunResult(scn, lines, stderr.decode("utf-8", errors="replace"), passed,
                     reason, command, time.monotonic() - start, status, ev.lines_seen)


def write_log(result, log_dir):
    path = os.path.join(log_dir, *(result.scn.name + ".log").split("/"))
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write("# scenario: %s\n" % (result.scn.path or result.scn.name))
        f.write("# command: %s\n" % " ".join(result.command))
        f.write("# %s (%.1f s, qemu status %s)\n"
                % (result.summary(), result.seconds, result.exit_status))
        f.write("# --- serial output (%d lines) ---\n" % len(result.lines))
        for line in result.lines:
            f.write(line + "\n")
        if result.stderr:
            f.write("# --- qemu stderr ---\n")
            f.write(result.stderr)
            if not result.stderr.endswith("\n"):
                f.write("\n")
    return path


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="Run Proteus-405 boot scenarios on QEMU ref405ep.",
        epilog="Scenario keys: " + ", ".join(KNOWN_KEYS) + ". See the module docstring.")
    parser.add_argument("scenarios", nargs="+", metavar="FILE.scn")
    parser.add_argument("--log-dir", default=DEFAULT_LOG_DIR,
                        help="where transcripts go (default %(default)s)")
    parser.add_argument("--qemu", default=DEFAULT_QEMU,
                        help="QEMU binary (default %(default)s)")
    args = parser.parse_args(argv)

    try:
        scns = [load_scenario(p) for p in args.scenarios]
    except ScenarioError as e:
        print("scenario.py: error: %s" % e, file=sys.stderr)
        return 2

    all_passed = True
    for scn in scns:
        result = run_scenario(scn, args.qemu)
        write_log(result, args.log_dir)
        print(result.summary(), flush=True)
        all_passed &= result.passed
    return 0 if all_passed else 1


if __name__ == "__main__":
    sys.exit(main())
