#!/usr/bin/env python3
"""Full-virtualization equivalence: run each guest ELF natively on the bare
ref405ep board and, unmodified, as the only partition of a Proteus-405
boot image, and compare the two transcripts line by line.

    python3 tests/qemu/differential.py [--jobs N] [--keep] [--stop REGEX]
                                       [--timeout S] [--write-dev] GUEST...

GUEST is an ELF path, or a guest name (isa_msr = build/guests/isa_msr.elf).

Per guest:
  native       qemu-system-ppc -M ref405ep ... -kernel GUEST.elf, until the
               stop line (default `^<name>: done$` or `^rtos: done$`);
  virtualized  the configuration build/diff/cfg/diff-<name>.conf (the guest
               as the only partition, granted the UART page; see
               tests/qemu/partition_image.py) built with `make image
               CONFIG=diff-<name> CONFIG_FILE=...` into
               build/diff-<name>/proteus.elf, booted the same way; the
               guest's transcript is every line after the core's banner.
               A core `HM:` or `PANIC:` line fails the guest, quoted.
  compare      the transcripts must be identical, except the lines whose
               name (after `<prefix>: `) starts with `dev.`: QEMU departs
               from the PPC405 manual there and the core follows the
               manual, so their virtualized value is compared with
               tests/differential/<name>.dev instead (a dev line missing
               from the file or different from it fails, and so does an
               entry of the file that the run never printed).

Output: `PASS diff.<name>` or `FAIL diff.<name>: <first problem>` per guest
(every problem: build/diff/<name>.report), then
`differential: N passed, M failed`.  Transcripts: build/diff/<name>.native.log
and .virt.log.  --write-dev rewrites each .dev file from a complete
virtualized run (keeping its comments) for review.  Exit status: 0 if every
guest is equivalent, 1 on a mismatch, 2 on a usage or infrastructure error.
The file format and the policy: tests/differential/README.md.
"""

import argparse
import concurrent.futures
import os
import re
import shutil
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import partition_image  # noqa: E402  (sibling modules)
import scenario  # noqa: E402

ROOT = partition_image.ROOT


def _from_root(*parts):
    """A repository path, relative to the current directory (the root when
    run by make) so that messages stay short."""
    return os.path.relpath(os.path.join(ROOT, *parts))


DEFAULT_OUT_DIR = _from_root("build", "diff")
DEFAULT_DEV_DIR = _from_root("tests", "differential")
DEFAULT_GUEST_DIR = _from_root("build", "guests")
DEFAULT_TIMEOUT = 60.0
DEFAULT_QEMU = os.environ.get("QEMU") or scenario.DEFAULT_QEMU

# `<prefix>: dev.<name>=<value>`; the value is whatever follows `=`.
DEV_LINE_RE = re.compile(r"^([A-Za-z0-9_]+): (dev\.[^=\s]*)(?:=(.*))?$")
DEV_ENTRY_RE = re.compile(r"^(dev\.[^=\s]+)=(0x[0-9A-Fa-f]+)\s*(?:#\s?(.*))?$")


class UsageError(Exception):
    """Exit status 2."""


# ---------------------------------------------------------------------------
# .dev files

class DevEntry:
    def __init__(self, name, value, comment, lineno, before=()):
        self.name = name
        self.value = value          # the text, e.g. 0x00001000
        self.comment = comment      # the `# why` text, or None
        self.lineno = lineno
        self.before = list(before)  # comment and blank lines right before it


class DevFile:
    """The expected values of a guest's dev.* lines under the core."""

    def __init__(self, path, entries=(), header=(), tail=(), exists=True):
        self.path = path
        self.exists = exists          # False: no file (no dev.* line expected)
        self.entries = {e.name: e for e in entries}    # in file order
        self.header = list(header)    # lines before the first entry
        self.tail = list(tail)        # lines after the last entry

    def where(self, entry):
        return "%s:%d" % (self.path, entry.lineno)


def parse_dev(text, path):
    """Parse a .dev file; raise UsageError naming path:line on a problem."""
    entries = []
    pending = []
    header = None
    for lineno, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            pending.append(raw.rstrip())
            continue
        m = DEV_ENTRY_RE.match(line)
        if not m:
            raise UsageError("%s:%d: expected 'dev.<name>=0x<value> # why', got %r"
                             % (path, lineno, line))
        if any(e.name == m.group(1) for e in entries):
            raise UsageError("%s:%d: %s given twice" % (path, lineno, m.group(1)))
        if header is None:
            header, pending = pending, []
        entries.append(DevEntry(m.group(1), m.group(2), m.group(3), lineno, pending))
        pending = []
    if header is None:
        header, pending = pending, []
    return DevFile(path, entries, header, pending)


def load_dev(path):
    """The DevFile at path; an empty one (no entries) if there is none."""
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except FileNotFoundError:
        return DevFile(path, exists=False)
    except OSError as e:
        raise UsageError("%s: cannot read: %s" % (path, e.strerror))
    return parse_dev(text, path)


def same_value(expected, got):
    """A file value (0x...) equals a printed value: numerically when both
    are hexadecimal numbers, else as text."""
    try:
        return int(expected, 16) == int(got, 16) and got.lower().startswith("0x")
    except (TypeError, ValueError):
        return expected == got


def dev_text(guest, dev, virt_lines, native_lines=()):
    """The .dev file rewritten from a virtualized transcript: one entry per
    dev name in print order with the printed value, existing comments kept
    (new entries get a TODO naming QEMU's value); and a summary."""
    native = {}
    for line in native_lines:
        m = DEV_LINE_RE.match(line)
        if m:
            native.setdefault(m.group(2), m.group(3))
    header = dev.header or [
        "# %s: the expected values of its dev.* lines under the core (the PPC405" % guest,
        "# manual's behaviour, where QEMU 7.2 departs from it).  Format and policy:",
        "# tests/differential/README.md.  Line: dev.<name>=0x<value> # why",
        ""]
    out = list(header)
    seen = []
    new = changed = 0
    for line in virt_lines:
        m = DEV_LINE_RE.match(line)
        if not m or m.group(2) in seen:
            continue
        name, value = m.group(2), m.group(3) or ""
        seen.append(name)
        old = dev.entries.get(name)
        if old is None:
            new += 1
            comment = "TODO why (QEMU 7.2 prints %s)" % native.get(name, "nothing")
        else:
            changed += not same_value(old.value, value)
            comment = old.comment
            out += old.before
        out.append("%s=%s%s" % (name, value, "" if comment is None else " # " + comment))
    out += dev.tail
    dropped = [n for n in dev.entries if n not in seen]
    summary = "%d entries: %d new, %d changed, %d dropped%s" % (
        len(seen), new, changed, len(dropped),
        "" if not dropped else " (%s)" % ", ".join(dropped))
    return "\n".join(out).rstrip("\n") + "\n", summary


# ---------------------------------------------------------------------------
# Comparison

class Problem:
    def __init__(self, order, text):
        self.order = order          # sort key: the line number, or past the end
        self.text = text


def compare(native, virt, dev, virt_complete=True):
    """Every problem (Problem list, first = the one to report) between a
    native and a virtualized transcript (lists of lines) under dev.  The
    lines that are not dev lines must be identical, in order; the dev lines
    of the virtualized run (the manual's values) are checked against the
    .dev file, whatever their number and place in the native run.  REQ:
    DEV-007 (the dev lines of isa_exc, isa_msr and isa_dcr: the manual's
    interrupt-entry MSR, SRR1/SRR3 bits, priorities and UIC VR where this
    board departs from them)."""
    problems = []
    plain_a = [(i, a) for i, a in enumerate(native) if not DEV_LINE_RE.match(a)]
    plain_b = [(i, b) for i, b in enumerate(virt) if not DEV_LINE_RE.match(b)]
    for k in range(max(len(plain_a), len(plain_b))):
        ia, a = plain_a[k] if k < len(plain_a) else (len(native), None)
        ib, b = plain_b[k] if k < len(plain_b) else (len(virt), None)
        if b is None:
            problems.append(Problem(ib + 1, "missing line %d: native=%s" % (ia + 1, a)))
            break
        if a is None:
            problems.append(Problem(ib + 1, "extra line %d: virtualized=%s" % (ib + 1, b)))
            break
        if a != b:
            problems.append(Problem(ib + 1, "first difference at line %d: native=%s "
                                            "virtualized=%s" % (ib + 1, a, b)))
            break
    printed = set()
    for i, line in enumerate(virt):
        m = DEV_LINE_RE.match(line)
        if not m:
            continue
        name, value = m.group(2), m.group(3)
        printed.add(name)
        entry = dev.entries.get(name)
        if value is None:
            problems.append(Problem(i + 1, "line %d: %s has no value: %s" % (i + 1, name, line)))
        elif entry is None:
            problems.append(Problem(i + 1, "line %d: %s=%s is not in %s%s" % (
                i + 1, name, value, dev.path, "" if dev.exists else " (no such file)")))
        elif not same_value(entry.value, value):
            problems.append(Problem(i + 1, "line %d: %s: virtualized=%s expected=%s (%s)" % (
                i + 1, name, value, entry.value, dev.where(entry))))
        elif entry.comment is None or entry.comment.startswith("TODO"):
            problems.append(Problem(i + 1, "line %d: %s: %s has no reviewed reason "
                                           "(`# why` missing or TODO)" % (
                                               i + 1, name, dev.where(entry))))
    if virt_complete:
        for entry in dev.entries.values():
            if entry.name not in printed:
                problems.append(Problem(len(virt) + 1, "%s: %s never printed by the "
                                        "virtualized run" % (dev.where(entry), entry.name)))
    problems.sort(key=lambda p: p.order)
    return problems


# ---------------------------------------------------------------------------
# One guest

class Guest:
    def __init__(self, name, elf):
        self.name = name
        self.elf = elf


def resolve_guest(arg, guest_dir=DEFAULT_GUEST_DIR):
    """A Guest from a command-line argument: an ELF path, or a name."""
    if arg.endswith(".elf") or os.sep in arg or "/" in arg:
        path = arg
        name = os.path.basename(arg)
        name = name[:-4] if name.endswith(".elf") else name
    else:
        path = os.path.join(guest_dir, arg + ".elf")
        name = arg
    if not re.match(r"^[A-Za-z0-9_.-]+$", name):
        raise UsageError("%s: unusable guest name %r" % (arg, name))
    if not os.path.isfile(path):
        raise UsageError("%s does not exist (make guests?)" % path)
    return Guest(name, path)


def default_stop(name):
    return re.compile(r"^(?:%s|rtos): done$" % re.escape(name))


def config_name(guest, tag=None):
    return "diff-" + guest.name + ("-" + tag if tag else "")


def config_file(guest, out_dir, tag=None):
    return os.path.join(out_dir, "cfg", config_name(guest, tag) + ".conf")


def write_report(path, verdict, problems):
    with open(path, "w", encoding="utf-8") as f:
        f.write(verdict + "\n")
        for p in problems:
            f.write(p.text + "\n")


def run_guest(guest, args, dev):
    """(passed, summary line, extra lines to print) for one guest."""
    out_dir = args.out_dir
    os.makedirs(out_dir, exist_ok=True)
    stop = args.stop or default_stop(guest.name)
    tag = args.tag
    label = "diff." + guest.name + ("@" + tag if tag else "")
    base = guest.name + ("@" + tag if tag else "")
    notes = []

    def finish(problems, complete=False, native=(), virt=()):
        if problems:
            verdict = "FAIL %s: %s" % (label, problems[0].text)
            if len(problems) > 1:
                verdict += " (%d more problem%s: %s)" % (
                    len(problems) - 1, "" if len(problems) == 2 else "s",
                    os.path.join(out_dir, base + ".report"))
        else:
            verdict = "PASS " + label
        write_report(os.path.join(out_dir, base + ".report"), verdict, problems)
        if args.write_dev:
            if complete and not dev.exists and not any(
                    DEV_LINE_RE.match(line) for line in virt):
                notes.append("differential: %s not written: no dev.* lines" % dev.path)
            elif complete:
                text, summary = dev_text(guest.name, dev, virt, native)
                os.makedirs(os.path.dirname(dev.path) or ".", exist_ok=True)
                with open(dev.path, "w", encoding="utf-8") as f:
                    f.write(text)
                notes.append("differential: wrote %s (%s); review it" % (dev.path, summary))
            else:
                notes.append("differential: %s not written: no complete virtualized run"
                             % dev.path)
        return not problems, verdict, notes

    native = partition_image.run_until(guest.elf, guest.name + ".native", stop,
                                       args.timeout, args.qemu)
    scenario.write_log(native, out_dir)
    if not native.passed:
        return finish([Problem(0, "native run: %s" % native.reason)])
    native_lines = native.evaluated_lines()

    cfg = partition_image.write_config(
        config_file(guest, out_dir, tag), guest.elf, partition_image.partition_name(guest.name),
        "differential run of %s" % guest.name, args.features)
    try:
        image = partition_image.build_image(
            config_name(guest, tag), cfg, os.path.join(out_dir, base + ".build.log"))
    except partition_image.BuildError as e:
        return finish([Problem(0, str(e))])
    try:
        result = partition_image.run_until(image, base + ".virt", stop, args.timeout,
                                           args.qemu, core=True)
        scenario.write_log(result, out_dir)
    finally:
        if not args.keep:
            partition_image.remove_image(config_name(guest, tag))
    split, ended, reason = partition_image.virtualized(result)
    if split.fault is not None or split.banner is None:
        return finish([Problem(0, reason)])
    problems = compare(native_lines, split.transcript, dev, ended)
    if not ended and not problems:
        problems = [Problem(0, "virtualized run: %s" % reason)]
    elif not ended:
        problems[0].text += " (virtualized run: %s)" % reason
    return finish(problems, ended, native_lines, split.transcript)


# ---------------------------------------------------------------------------

def parse_args(argv):
    parser = argparse.ArgumentParser(
        prog="differential.py",
        description="Full-virtualization equivalence: run each guest natively and, "
                    "unmodified, in a partition under the Proteus-405 core; compare "
                    "the transcripts (dev.* lines against tests/differential/<guest>.dev).",
        epilog="Exit status: 0 all equivalent, 1 a mismatch, 2 usage or infrastructure "
               "error.  See tests/differential/README.md.")
    parser.add_argument("guests", nargs="+", metavar="GUEST",
                        help="an ELF path, or a guest name (isa_msr = build/guests/isa_msr.elf)")
    parser.add_argument("--jobs", "-j", type=int, default=2, metavar="N",
                        help="guests run in parallel (default %(default)s)")
    parser.add_argument("--keep", action="store_true",
                        help="keep each boot image (build/diff-<guest>/proteus.elf); "
                             "by default it is removed after its run")
    parser.add_argument("--stop", metavar="REGEX",
                        help="the line that ends both runs (default: "
                             "'^<guest>: done$' or '^rtos: done$')")
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, metavar="S",
                        help="seconds per run, a guard only (default %(default)g)")
    parser.add_argument("--write-dev", action="store_true",
                        help="rewrite tests/differential/<guest>.dev from each complete "
                             "virtualized run (comments kept), for review")
    parser.add_argument("--dev-dir", default=DEFAULT_DEV_DIR,
                        help="where the .dev files are (default %(default)s)")
    parser.add_argument("--out-dir", default=DEFAULT_OUT_DIR,
                        help="transcripts, reports, configurations (default %(default)s)")
    parser.add_argument("--qemu", default=DEFAULT_QEMU,
                        help="QEMU binary (default $QEMU or %s)" % scenario.DEFAULT_QEMU)
    parser.add_argument("--features", metavar="KEY=on|off,...", default="",
                        help="the partition's [features] section (spec/config-format.md), "
                             "e.g. virtual_timers=off,virtual_uic=off; needs --tag")
    parser.add_argument("--tag", metavar="NAME",
                        help="names this feature set in the results (diff.<guest>@NAME) "
                             "and the build (build/diff-<guest>-NAME)")
    args = parser.parse_args(argv)
    try:
        args.features = partition_image.parse_features(args.features)
    except ValueError as e:
        parser.error(str(e))
    if args.features and not args.tag:
        parser.error("--features needs --tag (the results and builds must not mix)")
    if args.tag is not None and not re.match(r"[a-z][a-z0-9_]*\Z", args.tag):
        parser.error("bad --tag %r (lower-case letters, digits, _)" % args.tag)
    if args.jobs < 1:
        parser.error("--jobs must be at least 1")
    if not args.timeout > 0:
        parser.error("--timeout must be positive")
    if args.stop is not None:
        try:
            args.stop = re.compile(args.stop)
        except re.error as e:
            parser.error("bad --stop regular expression %r: %s" % (args.stop, e))
    return args


def main(argv=None):
    args = parse_args(argv)
    try:
        guests = [resolve_guest(g) for g in args.guests]
        names = [g.name for g in guests]
        dup = sorted({n for n in names if names.count(n) > 1})
        if dup:
            raise UsageError("guest %s given twice" % ", ".join(dup))
        devs = {g.name: load_dev(os.path.join(args.dev_dir, g.name + ".dev")) for g in guests}
        for tool in (args.qemu, "make"):
            if shutil.which(tool) is None:
                raise UsageError("%s not found (run tools/setup)" % tool)
    except UsageError as e:
        print("differential.py: error: %s" % e, file=sys.stderr)
        return 2

    passed = failed = 0
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        for ok, verdict, notes in pool.map(lambda g: run_guest(g, args, devs[g.name]), guests):
            print(verdict, flush=True)
            for note in notes:
                print(note, flush=True)
            passed += ok
            failed += not ok
    print("differential: %d passed, %d failed" % (passed, failed), flush=True)
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
