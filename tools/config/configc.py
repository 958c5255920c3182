"""Proteus-405 configuration compiler.

Reads one configuration file (format: spec/config-format.md), checks it
against the board and the core's limits, and generates the tables, the image
blob and the linker script of the core image.  Every violation is reported as
FILE:LINE: error: [rule] message; nothing is written unless all checks pass.
"""
import argparse
import os
import re
import struct
import sys
from dataclasses import dataclass, field
from fractions import Fraction

# ---------------------------------------------------------------- board -----
# ref405ep facts, the single table the checks use.
BOARD = {
    "name": "ref405ep",
    "tb_hz": 333333333,            # time-base frequency
    "ram": (0x00000000, 0x08000000),  # host [start, end): 128 MiB SDRAM
    "devices": (0xEF600000, 0xEF601000),  # OPB page: UART0/1, IIC, GPIO
    "tlb_sizes": (1 << 10, 1 << 12, 1 << 14, 1 << 16, 1 << 18, 1 << 20,
                  1 << 22, 1 << 24),
    "page": 0x1000,                # region granularity: mapped in >= 4 KiB pages
    "core_align": 0x10000,         # EVPR holds the upper 16 bits of vectors
}
TB_HZ = BOARD["tb_hz"]
PAGE = BOARD["page"]
MAX_PARTITIONS, MAX_REGIONS, MAX_WINDOWS, NAME_MAX = 15, 8, 64, 15
CONFIG_NAME_MAX = 31               # characters of a configuration's name (its file name)
BANNER_MAX = 127                   # characters of the boot banner, cfg.h CFG_BANNER_MAX
MIN_WINDOW_TICKS = (10 * TB_HZ + 500000) // 1000000  # 10 us = 3333 ticks
MAX_PRIORITY = 15                  # fixed priorities 1 (highest) .. 15, one per partition
STACK_SIZE = 0x2000                # core stack reserved by the linker script
U32 = 1 << 32

# Durations are held exactly in micro-ticks (1e-6 time-base ticks).
UTICKS = 1000000
DURATION_UNITS = {"ms": 1000 * TB_HZ, "us": TB_HZ, "ticks": UTICKS}
SIZE_UNITS = {"K": 1 << 10, "M": 1 << 20}

RULES = {
    "syntax": "malformed line, unknown section/key, bad value, repeated or missing key",
    "name": "partition name invalid or duplicate; window or partition line names an unknown one; "
            "configuration file name longer than 31 characters",
    "limits": "more than 15 partitions, 8 regions per partition or 64 windows",
    "align": "region or core base/size not page (core: 64 KiB) aligned, empty or wrapping",
    "perm": "perm not a subset of rwx, lacking r, or x on a device region",
    "ram-range": "ram region or core reservation outside board RAM",
    "device-range": "device region outside board device space or guest != host",
    "overlap": "host ranges overlap (or with the core), or guest ranges within a partition",
    "device-shared": "the same device page granted to more than one partition",
    "image": "image unreadable/not a PPC32 BE ELF executable, segment or entry not in RAM",
    "schedule": "window shorter than 10 us, or major frame 0 or beyond 32-bit ticks",
    "schedule-overflow": "windows add up to more than the major frame",
    "schedule-underfill": "windows add up to less than the major frame",
    "schedule-unused": "a partition has no window and would never run",
    "schedule-fp": "partition line missing or repeated; priority, budget or period out of range",
    "schedulability": "fixed-priority budgets over 100% of the core, or a response time > period",
    "core-fit": "partition images do not fit the core reservation",
    "features": "unknown feature value, a feature without one it needs, or one not available",
}

# key -> (repeatable, required); the section kinds and their keys
SECTIONS = {
    "system": {"core": (False, True), "trace_windows": (False, False)},
    "partition": {"image": (False, True), "entry": (False, False),
                  "on_fault": (False, True), "ram": (True, True),
                  "device": (True, False)},
    # required keys of [schedule] depend on the scheduler: SCHEDULE_KEYS
    "schedule": {"major_frame": (False, False), "window": (True, False),
                 "partition": (True, False)},
}
# The [schedule] keys of each scheduler: key -> required.  Checked after
# parsing, because [features] may come after [schedule].  Under
# fixed_priority each partition needs its own `partition` line; check_schedule_fp
# reports a missing one at the partition, so the key itself is not required.
SCHEDULE_KEYS = {"cyclic": {"major_frame": True, "window": True},
                 "fixed_priority": {"partition": False}}
# The build-time switches (CFG-003), declared here once: feature key ->
# (preprocessor symbol, default, features it needs, what it is).  config.h
# defines every symbol as 1 or 0; the core's code for a feature is inside
# `#if SYMBOL`, so a disabled feature leaves neither code nor data.
FEATURES = {
    "full_virtualization": ("CONFIG_FV", True, (),
                            "privileged instructions emulated on a per-partition virtual 405"),
    "fv_fast_path": ("CONFIG_FV_FAST", True, ("full_virtualization",),
                     "the assembly path for the hot instructions"),
    "virtual_timers": ("CONFIG_FV_TIMERS", True, ("full_virtualization",),
                       "virtual PIT, FIT and watchdog, the guest time base"),
    "virtual_uic": ("CONFIG_FV_UIC", True, ("full_virtualization",),
                    "the virtual UIC (DCRs 0xC0-0xC8)"),
    "virtual_tlb": ("CONFIG_FV_TLB", True, ("full_virtualization",),
                    "the guest's 64-entry TLB as data (tlbwe, tlbre, tlbsx, tlbia)"),
}
# The features whose `off` the core honours (its code for them is inside
# `#if`); turning off any other one is an error, never a silent no-op.
SWITCHABLE = frozenset(FEATURES)
# The health-monitor actions are switches too (CFG-003), set by use: an
# action is in the core exactly when some partition's on_fault names it.
# on_fault value -> (preprocessor symbol, what it is).
HM_ACTIONS = {
    "halt": ("CONFIG_HM_HALT", "health-monitor action halt (some partition's on_fault)"),
    "restart": ("CONFIG_HM_RESTART", "health-monitor action restart (some partition's on_fault)"),
}
# Multiple-choice switches: key -> (symbol prefix, default, {value: available}).
CHOICES = {
    "scheduler": ("CONFIG_SCHED_", "cyclic", {"cyclic": True, "fixed_priority": True}),
}
SECTIONS["features"] = dict({k: (False, False) for k in FEATURES},
                            **{k: (False, False) for k in CHOICES})
KEY_RE = re.compile(r"[a-z_][a-z0-9_]*\Z")
NAME_RE = re.compile(r"[a-z][a-z0-9_]*\Z")
NUM_RE = re.compile(r"(0[xX][0-9a-fA-F]+|[0-9]+)([A-Za-z]*)\Z")


# ---------------------------------------------------------------- model -----
@dataclass
class Region:
    kind: str       # "ram" | "device"
    guest: int
    host: int
    size: int
    perm: str
    line: int


@dataclass
class Partition:
    name: str
    line: int
    image: str = None
    image_line: int = 0
    entry: int = None
    entry_line: int = 0
    on_fault: str = None
    regions: list = field(default_factory=list)
    loads: list = None  # [(host, bytes)] once the image is read


@dataclass
class Window:
    name: str
    uticks: int
    line: int


@dataclass
class Budget:
    """A fixed-priority `partition` line of [schedule] (SCHED-005)."""
    name: str
    priority: int
    budget: int     # ticks, rounded once from the duration
    period: int     # ticks, rounded once from the duration
    line: int


@dataclass
class Config:
    path: str
    root: str
    core: tuple = None          # (host, size, line)
    trace_windows: int = 0
    partitions: list = field(default_factory=list)
    major_frame: tuple = None   # (uticks, line)
    windows: list = field(default_factory=list)
    budgets: list = field(default_factory=list)   # fixed_priority: [Budget]
    schedule_line: int = 0      # line of the [schedule] header
    features: dict = field(default_factory=lambda: {k: (v[1], 0) for k, v in FEATURES.items()})
    choices: dict = field(default_factory=lambda: {k: (v[1], 0) for k, v in CHOICES.items()})


class Diagnostics:
    """Collects violations; reports them sorted by line."""

    def __init__(self, path):
        self.path, self.items = path, []

    def error(self, line, rule, message):
        assert rule in RULES, rule
        self.items.append((line, len(self.items), rule, message))

    def lines(self):
        return ["%s:%d: error: [%s] %s" % (self.path, line, rule, msg)
                for line, _, rule, msg in sorted(self.items)]


def rng(start, size):
    return "[0x%08X, 0x%08X)" % (start, start + size)


def to_ticks(uticks):
    return (uticks + UTICKS // 2) // UTICKS


def fmt_ticks(uticks):
    whole, frac = divmod(uticks, UTICKS)
    return str(whole) if not frac else ("%d.%06d" % (whole, frac)).rstrip("0")


# ------------------------------------------------------------- parsing ------
def parse_number(text, units=None):
    """Decimal or 0x hex, optional unit suffix; raises ValueError."""
    m = NUM_RE.match(text)
    if not m:
        raise ValueError("bad number '%s'" % text)
    digits, suffix = m.groups()
    value = int(digits, 16) if digits[:2].lower() == "0x" else int(digits)
    if suffix:
        if not units or suffix not in units:
            raise ValueError("bad suffix '%s' in '%s'" % (suffix, text))
        value *= units[suffix]
    return value


def parse_u32(text, units=None):
    value = parse_number(text, units)
    if value >= U32:
        raise ValueError("'%s' does not fit in 32 bits" % text)
    return value


def parse_duration(text):
    m = NUM_RE.match(text)
    if not m or m.group(2) not in DURATION_UNITS:
        raise ValueError("bad duration '%s' (expected a number with ms, us or ticks)" % text)
    return parse_number(text, DURATION_UNITS)


def parse_attrs(value, names):
    """'a=1 b=2' -> {'a': '1', 'b': '2'}; exactly the given names."""
    out = {}
    for tok in value.split():
        key, eq, val = tok.partition("=")
        if not eq or not key or not val:
            raise ValueError("malformed attribute '%s' (expected name=value)" % tok)
        if key not in names:
            raise ValueError("unknown attribute '%s' (expected %s)" % (key, ", ".join(names)))
        if key in out:
            raise ValueError("attribute '%s' given twice" % key)
        out[key] = val
    missing = [n for n in names if n not in out]
    if missing:
        raise ValueError("missing attribute %s" % ", ".join(missing))
    return out


def lex_header(line, lineno, seen, diag):
    """A section (kind, name, line, keys); keys is None if the header is rejected,
    then the section's keys are skipped."""
    words = line[1:-1].split() if line.endswith("]") else None
    kind, args = (words[0], words[1:]) if words else ("", [])
    if words is None:
        diag.error(lineno, "syntax", "malformed section header '%s'" % line)
    elif kind not in SECTIONS:
        note = " (reserved for a later release)" if kind == "channel" else ""
        diag.error(lineno, "syntax", "unknown section kind '%s'%s" % (kind, note))
    elif kind == "partition" and len(args) != 1:
        diag.error(lineno, "syntax", "expected [partition NAME]")
    elif kind != "partition" and args:
        diag.error(lineno, "syntax", "section [%s] takes no name" % kind)
    elif kind != "partition" and kind in seen:
        diag.error(lineno, "syntax", "section [%s] given twice" % kind)
    else:
        seen.add(kind)
        return (kind, args[0] if args else None, lineno, {})
    return (kind, None, lineno, None)


def lex(text, diag):
    """Split the file into sections: [(kind, name, line, {key: [(line, value)]})]."""
    sections, current, seen = [], None, set()
    for lineno, raw in enumerate(text.splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("["):
            current = lex_header(line, lineno, seen, diag)
            if current[3] is not None:
                sections.append(current)
            continue
        key, eq, value = (s.strip() for s in line.partition("="))
        if current is None:
            diag.error(lineno, "syntax", "key outside a section: '%s'" % line)
        elif not eq:
            diag.error(lineno, "syntax", "missing '=' in '%s'" % line)
        elif not KEY_RE.match(key):
            diag.error(lineno, "syntax", "malformed line '%s' (expected KEY = VALUE)" % line)
        elif current[3] is None:
            pass
        elif key not in SECTIONS[current[0]]:
            diag.error(lineno, "syntax", "unknown key '%s' in [%s]" % (key, current[0]))
        elif not value:
            diag.error(lineno, "syntax", "empty value for '%s'" % key)
        elif key in current[3] and not SECTIONS[current[0]][key][0]:
            diag.error(lineno, "syntax", "key '%s' given twice (first at line %d)"
                       % (key, current[3][key][0][0]))
        else:
            current[3].setdefault(key, []).append((lineno, value))
    return sections


def parse(text, path, root, diag):
    """@req CFG-002: syntax check; builds the Config from well-formed values
    (a value that does not convert is reported and left out)."""
    cfg = Config(path=path, root=root)
    kinds, schedule_keys = set(), {}
    for kind, name, line, keys in lex(text, diag):
        kinds.add(kind)
        for key, (_, required) in SECTIONS[kind].items():
            if required and key not in keys:
                diag.error(line, "syntax", "missing required key '%s' in [%s%s]"
                           % (key, kind, " " + name if name else ""))

        def values(key, convert):
            """[(line, converted value)] of every well-formed occurrence of key."""
            out = []
            for vline, value in keys.get(key, []):
                try:
                    out.append((vline, convert(value)))
                except ValueError as exc:
                    diag.error(vline, "syntax", "%s: %s" % (key, exc))
            return out

        def value(key, convert, default=(0, None)):
            return (values(key, convert) or [default])[0]

        if kind == "features":
            for key in FEATURES:
                fline, on = value(key, parse_switch, (0, None))
                if on is not None:
                    cfg.features[key] = (on, fline)
            for key in CHOICES:
                cline, choice = value(key, parse_choice, (0, None))
                if choice is not None:
                    cfg.choices[key] = (choice, cline)
        elif kind == "system":
            core_line, host_size = value("core", parse_core)
            if host_size:
                cfg.core = host_size + (core_line,)
            cfg.trace_windows = value("trace_windows", parse_u32, (0, 0))[1]
        elif kind == "schedule":
            cfg.schedule_line, schedule_keys = line, keys
            frame_line, frame = value("major_frame", parse_duration)
            if frame is not None:
                cfg.major_frame = (frame, frame_line)
            cfg.windows = [Window(wname, uticks, vline)
                           for vline, (wname, uticks) in values("window", parse_window)]
            cfg.budgets = [Budget(*fields, vline)
                           for vline, fields in values("partition", parse_budget)]
        else:
            part = Partition(name, line)
            part.image_line, part.image = value("image", parse_path)
            part.entry_line, part.entry = value("entry", parse_u32)
            part.on_fault = value("on_fault", parse_on_fault)[1]
            for rkind in ("ram", "device"):
                part.regions += [Region(rkind, *fields, vline)
                                 for vline, fields in values(rkind, parse_region)]
            cfg.partitions.append(part)
    for kind in ("system", "schedule"):
        if kind not in kinds:
            diag.error(1, "syntax", "missing section [%s]" % kind)
    if "partition" not in kinds:
        diag.error(1, "syntax", "no [partition NAME] section")
    if "schedule" in kinds:
        parse_schedule_keys(cfg, schedule_keys, diag)
    return cfg


def scheduler(cfg):
    """The scheduler whose [schedule] syntax applies: the chosen one, or the
    default when the choice is unknown (check_features reports that)."""
    choice = cfg.choices["scheduler"][0]
    return choice if choice in SCHEDULE_KEYS else CHOICES["scheduler"][1]


def parse_schedule_keys(cfg, keys, diag):
    """@req CFG-002, SCHED-005: the [schedule] keys belong to the chosen
    scheduler; its required ones are present.  The other scheduler's lines are
    reported and dropped, so that no check judges them."""
    sched = scheduler(cfg)
    for key, occurrences in sorted(keys.items(), key=lambda kv: kv[1][0][0]):
        if key not in SCHEDULE_KEYS[sched]:
            owner = next(s for s, own in SCHEDULE_KEYS.items() if key in own)
            for vline, _ in occurrences:
                diag.error(vline, "syntax", "'%s' is for scheduler = %s, not %s (the scheduler "
                           "is chosen in [features])" % (key, owner, sched))
    for key, required in SCHEDULE_KEYS[sched].items():
        if required and key not in keys:
            diag.error(cfg.schedule_line, "syntax", "missing required key '%s' in [schedule]" % key)
    if sched == "fixed_priority":
        cfg.major_frame, cfg.windows = None, []
    else:
        cfg.budgets = []


def parse_switch(value):
    if value not in ("on", "off"):
        raise ValueError("expected on or off, not '%s'" % value)
    return value == "on"


def parse_choice(value):
    if not NAME_RE.match(value):
        raise ValueError("expected a name, not '%s'" % value)
    return value


def check_features(cfg, diag):
    """@req CFG-002, CFG-003: every switch value known and available, every
    enabled feature with the features it needs.  A feature the file does not
    name is on when everything it needs is on, off otherwise (FEATURES is in
    dependency order)."""
    for key, (_, default, needs, _) in FEATURES.items():
        if cfg.features[key][1] == 0:
            cfg.features[key] = (default and all(cfg.features[n][0] for n in needs), 0)
    for key, (prefix, _, values) in CHOICES.items():
        choice, line = cfg.choices[key]
        if choice not in values:
            diag.error(line, "features", "%s: unknown value '%s' (one of: %s)"
                       % (key, choice, ", ".join(sorted(values))))
        elif not values[choice]:
            diag.error(line, "features", "%s = %s is not available in this version"
                       % (key, choice))
    for key, (symbol, _, needs, _) in FEATURES.items():
        on, line = cfg.features[key]
        if not on and line and key not in SWITCHABLE:
            diag.error(line, "features", "%s = off is not available in this version "
                       "(the core always includes it)" % key)
        for need in needs:
            if on and not cfg.features[need][0]:
                diag.error(line, "features",
                           "%s needs %s, which is off" % (key, need))


def feature_defines(cfg):
    """The CONFIG_* lines of the switches for config.h (CFG-003)."""
    lines = ["#define %s %d /* %s */" % (symbol, 1 if cfg.features[key][0] else 0, what)
             for key, (symbol, _, _, what) in FEATURES.items()]
    for key, (prefix, _, values) in CHOICES.items():
        lines += ["#define %s%s %d" % (prefix, v.upper(), 1 if cfg.choices[key][0] == v else 0)
                  for v in sorted(values)]
    return lines


def parse_core(value):
    a = parse_attrs(value, ("host", "size"))
    return parse_u32(a["host"]), parse_u32(a["size"], SIZE_UNITS)


def parse_region(value):
    """-> (guest, host, size, perm); perm is judged by the perm rule."""
    a = parse_attrs(value, ("guest", "host", "size", "perm"))
    return parse_u32(a["guest"]), parse_u32(a["host"]), parse_u32(a["size"], SIZE_UNITS), a["perm"]


def parse_window(value):
    words = value.split()
    if len(words) != 2:
        raise ValueError("expected 'PARTITION DURATION', got '%s'" % value)
    return words[0], parse_duration(words[1])


def parse_budget(value):
    """'NAME priority=N budget=DURATION period=DURATION' -> (name, priority,
    budget ticks, period ticks); each duration is rounded to ticks once.
    @req SCHED-005"""
    words = value.split(None, 1)
    if len(words) != 2 or "=" in words[0]:
        raise ValueError("expected 'NAME priority=N budget=DURATION period=DURATION', got '%s'"
                         % value)
    a = parse_attrs(words[1], ("priority", "budget", "period"))
    return (words[0], parse_u32(a["priority"]), to_ticks(parse_duration(a["budget"])),
            to_ticks(parse_duration(a["period"])))


def parse_path(value):
    if len(value.split()) != 1:
        raise ValueError("image path must not contain white space: '%s'" % value)
    return value


def parse_on_fault(value):
    if value not in ("restart", "halt"):
        raise ValueError("expected 'restart' or 'halt', got '%s'" % value)
    return value


# -------------------------------------------------------------- checks ------
def check_names(cfg, diag):
    """@req CFG-002, SCHED-005: partition names valid and unique; windows and
    partition lines of [schedule] name partitions."""
    first = {}
    for p in cfg.partitions:
        if not NAME_RE.match(p.name) or len(p.name) > NAME_MAX:
            diag.error(p.line, "name", "invalid partition name '%s' (expected [a-z][a-z0-9_]*, "
                       "at most %d characters)" % (p.name, NAME_MAX))
        elif p.name in first:
            diag.error(p.line, "name", "duplicate partition name '%s' (first at line %d)"
                       % (p.name, first[p.name]))
        else:
            first[p.name] = p.line
    config_name = os.path.splitext(os.path.basename(cfg.path))[0]
    if len(config_name) > CONFIG_NAME_MAX:
        diag.error(1, "name", "configuration name '%s' (the file's name) has %d characters, at most "
                   "%d (the boot banner names it)" % (config_name, len(config_name), CONFIG_NAME_MAX))
    for w in cfg.windows:
        if w.name not in first:
            diag.error(w.line, "name", "window names unknown partition '%s'" % w.name)
    for b in cfg.budgets:
        if b.name not in first:
            diag.error(b.line, "name", "partition line names unknown partition '%s'" % b.name)


def check_limits(cfg, diag):
    """@req CFG-002: partition, region and window counts within the core's tables."""
    if len(cfg.partitions) > MAX_PARTITIONS:
        diag.error(cfg.partitions[MAX_PARTITIONS].line, "limits",
                   "%d partitions, at most %d allowed" % (len(cfg.partitions), MAX_PARTITIONS))
    for p in cfg.partitions:
        if len(p.regions) > MAX_REGIONS:
            line = sorted(r.line for r in p.regions)[MAX_REGIONS]
            diag.error(line, "limits", "partition '%s' has %d regions, at most %d allowed"
                       % (p.name, len(p.regions), MAX_REGIONS))
    if len(cfg.windows) > MAX_WINDOWS:
        diag.error(cfg.windows[MAX_WINDOWS].line, "limits",
                   "%d windows, at most %d allowed" % (len(cfg.windows), MAX_WINDOWS))


def check_align(cfg, diag):
    """@req CFG-002: page-granular, non-empty, non-wrapping regions; 64 KiB core."""
    for p in cfg.partitions:
        for r in p.regions:
            what = "partition '%s' %s region" % (p.name, r.kind)
            for attr in ("guest", "host", "size"):
                if getattr(r, attr) % PAGE:
                    diag.error(r.line, "align", "%s %s 0x%X is not a multiple of 4 KiB"
                               % (what, attr, getattr(r, attr)))
            if r.size == 0:
                diag.error(r.line, "align", "%s has size 0" % what)
            for attr in ("guest", "host"):
                if getattr(r, attr) + r.size > U32:
                    diag.error(r.line, "align", "%s %s range %s wraps past 2^32"
                               % (what, attr, rng(getattr(r, attr), r.size)))
    if cfg.core:
        host, size, line = cfg.core
        for attr, value in (("host", host), ("size", size)):
            if value % BOARD["core_align"]:
                diag.error(line, "align", "core %s 0x%X is not a multiple of 64 KiB" % (attr, value))
        if size == 0:
            diag.error(line, "align", "core size is 0")


def check_perm(cfg, diag):
    """@req CFG-002: perm is a subset of rwx containing r; devices never executable."""
    for p in cfg.partitions:
        for r in p.regions:
            if set(r.perm) - set("rwx") or len(set(r.perm)) != len(r.perm) or "r" not in r.perm:
                diag.error(r.line, "perm", "partition '%s' %s region perm '%s' must be a subset "
                           "of 'rwx' containing 'r'" % (p.name, r.kind, r.perm))
            elif r.kind == "device" and "x" in r.perm:
                diag.error(r.line, "perm", "partition '%s' device region must not be executable" % p.name)


def inside(start, size, area):
    return area[0] <= start and start + size <= area[1]


def check_ram_range(cfg, diag):
    """@req CFG-002: ram regions and the core reservation lie in board RAM."""
    ram = BOARD["ram"]
    for p in cfg.partitions:
        for r in p.regions:
            if r.kind == "ram" and not inside(r.host, r.size, ram):
                diag.error(r.line, "ram-range", "partition '%s' ram host range %s is not inside "
                           "board RAM %s" % (p.name, rng(r.host, r.size), rng(ram[0], ram[1] - ram[0])))
    if cfg.core and not inside(cfg.core[0], cfg.core[1], ram):
        diag.error(cfg.core[2], "ram-range", "core range %s is not inside board RAM %s"
                   % (rng(cfg.core[0], cfg.core[1]), rng(ram[0], ram[1] - ram[0])))


def check_device_range(cfg, diag):
    """@req CFG-002: device regions lie in board device space, identity-mapped."""
    dev = BOARD["devices"]
    for p in cfg.partitions:
        for r in p.regions:
            if r.kind != "device":
                continue
            if not inside(r.host, r.size, dev):
                diag.error(r.line, "device-range", "partition '%s' device host range %s is not "
                           "inside board device space %s" % (p.name, rng(r.host, r.size),
                                                             rng(dev[0], dev[1] - dev[0])))
            if r.guest != r.host:
                diag.error(r.line, "device-range", "partition '%s' device guest 0x%08X must equal "
                           "host 0x%08X" % (p.name, r.guest, r.host))


def overlaps(a_start, a_size, b_start, b_size):
    return a_start < b_start + b_size and b_start < a_start + a_size


def check_overlap(cfg, diag):
    """@req CFG-002: host ranges disjoint (and off the core); guest ranges disjoint
    within a partition; a device page shared between partitions is device-shared."""
    regions = [(p, r) for p in cfg.partitions for r in p.regions]
    for i, (pa, a) in enumerate(regions):
        if cfg.core and overlaps(a.host, a.size, cfg.core[0], cfg.core[1]):
            diag.error(a.line, "overlap", "partition '%s' %s host range %s overlaps the core "
                       "reservation %s" % (pa.name, a.kind, rng(a.host, a.size), rng(*cfg.core[:2])))
        for pb, b in regions[:i]:
            if overlaps(a.host, a.size, b.host, b.size):
                if a.kind == b.kind == "device" and pa is not pb:
                    diag.error(a.line, "device-shared", "device host range %s of partition '%s' is "
                               "also granted to partition '%s' (line %d)"
                               % (rng(a.host, a.size), pa.name, pb.name, b.line))
                else:
                    diag.error(a.line, "overlap", "partition '%s' %s host range %s overlaps "
                               "partition '%s' %s host range %s (line %d)"
                               % (pa.name, a.kind, rng(a.host, a.size), pb.name, b.kind,
                                  rng(b.host, b.size), b.line))
            if pa is pb and overlaps(a.guest, a.size, b.guest, b.size):
                diag.error(a.line, "overlap", "partition '%s' %s guest range %s overlaps its %s "
                           "guest range %s (line %d)" % (pa.name, a.kind, rng(a.guest, a.size),
                                                         b.kind, rng(b.guest, b.size), b.line))


class ImageError(Exception):
    pass


def read_elf(data):
    """Returns (e_entry, [(p_paddr, p_memsz, bytes)]) of PT_LOAD segments."""
    if len(data) < 52 or data[:4] != b"\x7fELF":
        raise ImageError("not an ELF file")
    if data[4] != 1 or data[5] != 2:
        raise ImageError("not a 32-bit big-endian ELF file")
    e_type, machine, _, entry, phoff, _, _, _, phentsize, phnum = struct.unpack_from(
        ">HHIIIIIHHH", data, 16)
    if e_type != 2:
        raise ImageError("not an executable (e_type %d, expected ET_EXEC)" % e_type)
    if machine != 20:
        raise ImageError("not a PowerPC ELF file (e_machine %d)" % machine)
    if phnum and phentsize != 32:
        raise ImageError("bad program header size %d" % phentsize)
    if phoff + phnum * 32 > len(data):
        raise ImageError("program header table outside the file")
    segments = []
    for i in range(phnum):
        ptype, off, _, paddr, filesz, memsz, _, _ = struct.unpack_from(">8I", data, phoff + 32 * i)
        if ptype != 1:
            continue
        if filesz > memsz:
            raise ImageError("segment %d has p_filesz > p_memsz" % i)
        if off + filesz > len(data):
            raise ImageError("segment %d lies outside the file" % i)
        segments.append((paddr, memsz, data[off:off + filesz]))
    if not any(seg[2] for seg in segments):
        raise ImageError("no PT_LOAD segment with file contents")
    return entry, segments


def image_path(cfg, part):
    return os.path.normpath(os.path.join(cfg.root, part.image))


def check_images(cfg, diag):
    """@req CFG-002: each image is a loadable PPC32 BE executable whose segments
    and entry lie in the partition's RAM (entry in an executable region)."""
    for p in cfg.partitions:
        if p.image is None:
            continue
        path = image_path(cfg, p)
        try:
            with open(path, "rb") as f:
                entry, segments = read_elf(f.read())
        except OSError as exc:
            diag.error(p.image_line, "image", "cannot read image '%s': %s" % (path, exc.strerror or exc))
            continue
        except (ImageError, struct.error) as exc:
            diag.error(p.image_line, "image", "image '%s': %s" % (path, exc))
            continue
        ram = [r for r in p.regions if r.kind == "ram"]
        p.loads = []
        for paddr, memsz, data in segments:
            home = next((r for r in ram if inside(paddr, memsz, (r.guest, r.guest + r.size))), None)
            if memsz and home is None:
                diag.error(p.image_line, "image", "image '%s' segment guest range %s is not inside "
                           "one ram region of partition '%s'" % (path, rng(paddr, memsz), p.name))
            elif data:
                p.loads.append((home.host + paddr - home.guest, data))
        if p.entry is None:
            p.entry, p.entry_line = entry, p.image_line
        if not any(r.guest <= p.entry < r.guest + r.size and "x" in r.perm for r in ram):
            diag.error(p.entry_line, "image", "entry 0x%08X of partition '%s' is not inside an "
                       "executable ram region" % (p.entry, p.name))
        elif p.entry % 4:
            diag.error(p.entry_line, "image", "entry 0x%08X of partition '%s' is not word aligned"
                       % (p.entry, p.name))


def check_schedule(cfg, diag):
    """@req CFG-002: windows long enough, filling the major frame exactly; every
    partition has a window (scheduler = cyclic)."""
    if scheduler(cfg) != "cyclic":
        return
    for w in cfg.windows:
        if to_ticks(w.uticks) < MIN_WINDOW_TICKS:
            diag.error(w.line, "schedule", "window of '%s' lasts %s ticks, minimum is 10 us (%d ticks)"
                       % (w.name, fmt_ticks(w.uticks), MIN_WINDOW_TICKS))
    if cfg.major_frame:
        frame, line = cfg.major_frame
        if frame == 0 or to_ticks(frame) >= U32:
            diag.error(line, "schedule", "major_frame of %s ticks is not in 1..2^32-1 ticks"
                       % fmt_ticks(frame))
        total = 0
        for w in cfg.windows:
            total += w.uticks
            if total > frame:
                diag.error(w.line, "schedule-overflow", "windows up to this one last %s ticks, more "
                           "than major_frame %s ticks" % (fmt_ticks(total), fmt_ticks(frame)))
                break
        else:
            if cfg.windows and total < frame:
                diag.error(line, "schedule-underfill", "windows last %s ticks, less than major_frame "
                           "%s ticks" % (fmt_ticks(total), fmt_ticks(frame)))
    used = {w.name for w in cfg.windows}
    for p in cfg.partitions:
        if p.name not in used:
            diag.error(p.line, "schedule-unused", "partition '%s' has no window and would never run" % p.name)


def response_time(budget, period, higher):
    """@req SCHED-005: exact response-time analysis, in integer ticks, of a
    partition with this budget and period under the higher-priority ones,
    higher = [(budget, period)], all released together at t = 0 (the critical
    instant: each budget is consumed by elapsed time, so every partition
    behaves as a periodic task whose execution time is its budget).
    R = budget + sum over higher j of ceil(R / period_j) * budget_j, iterated
    from R = budget.  Returns the least fixed point when it is <= period, else
    the first iterate beyond period (the budget is not all served in time)."""
    r = budget
    # Bound: the iterates never decrease (the right-hand side is monotonic in
    # R and the first one is >= budget), and one that is not a fixed point
    # exceeds its predecessor by at least one higher-priority budget
    # (>= MIN_WINDOW_TICKS, and in any case >= 1 tick).  The loop stops once
    # R > period, so it runs at most period / MIN_WINDOW_TICKS + 1 times
    # (< 1.3 million for a period below 2^32 ticks).
    while r <= period:
        nxt = budget + sum(-(-r // tj) * cj for cj, tj in higher)
        if nxt == r:
            return r
        r = nxt
    return r


def fp_table(cfg):
    """@req SCHED-005: [(priority, partition index, Budget, response time)] of
    a valid fixed-priority configuration, highest priority (lowest number) first."""
    index = {p.name: i for i, p in enumerate(cfg.partitions)}
    rows, higher = [], []
    for b in sorted(cfg.budgets, key=lambda b: b.priority):
        rows.append((b.priority, index[b.name], b, response_time(b.budget, b.period, higher)))
        higher.append((b.budget, b.period))
    return rows


def fmt_utilisation(u):
    """A Fraction as a decimal with 6 places, rounded up (so > 1 never shows as 1)."""
    micro = -(-u.numerator * 1000000 // u.denominator)
    return "%d.%06d" % divmod(micro, 1000000)


def check_schedule_fp(cfg, diag):
    """@req CFG-002, SCHED-005: under scheduler = fixed_priority, exactly one
    partition line per partition; priorities 1..15 and unique; each budget at
    least 10 us and at most its period; periods in 1..2^32-1 ticks.  A set
    that passes all of this must be schedulable: total utilisation at most 1,
    then every response time (response_time) within its period."""
    if scheduler(cfg) != "fixed_priority":
        return
    names = {p.name for p in cfg.partitions}
    first, by_priority, valid = {}, {}, True
    for b in cfg.budgets:
        if b.name not in names:
            valid = False  # reported by check_names
            continue
        if b.name in first:
            diag.error(b.line, "schedule-fp", "partition '%s' has a second partition line "
                       "(first at line %d)" % (b.name, first[b.name].line))
            valid = False
            continue
        first[b.name] = b
        if not 1 <= b.priority <= MAX_PRIORITY:
            diag.error(b.line, "schedule-fp", "priority %d of partition '%s' is not in 1..%d"
                       % (b.priority, b.name, MAX_PRIORITY))
            valid = False
        elif b.priority in by_priority:
            other = by_priority[b.priority]
            diag.error(b.line, "schedule-fp", "priority %d of partition '%s' is already that of "
                       "partition '%s' (line %d); priorities must be unique"
                       % (b.priority, b.name, other.name, other.line))
            valid = False
        else:
            by_priority[b.priority] = b
        if not 1 <= b.period < U32:
            diag.error(b.line, "schedule-fp", "period of '%s' is %d ticks, not in 1..2^32-1 ticks"
                       % (b.name, b.period))
            valid = False
        if b.budget < MIN_WINDOW_TICKS:
            diag.error(b.line, "schedule-fp", "budget of '%s' is %d ticks, minimum is 10 us "
                       "(%d ticks)" % (b.name, b.budget, MIN_WINDOW_TICKS))
            valid = False
        elif b.budget > b.period:
            diag.error(b.line, "schedule-fp", "budget of '%s' is %d ticks, more than its period "
                       "of %d ticks" % (b.name, b.budget, b.period))
            valid = False
    for p in cfg.partitions:
        if p.name not in first:
            diag.error(p.line, "schedule-fp", "partition '%s' has no partition line in [schedule] "
                       "and would never run" % p.name)
            valid = False
    if not valid or len(first) != len(cfg.partitions):
        return  # duplicate names: check_names; the analysis needs a valid set
    utilisation = sum(Fraction(b.budget, b.period) for b in cfg.budgets)
    if utilisation > 1:
        diag.error(cfg.schedule_line, "schedulability", "the budgets take %s of the core "
                   "(sum of budget/period), more than 1" % fmt_utilisation(utilisation))
        return
    for priority, _, b, r in fp_table(cfg):
        if r > b.period:
            diag.error(b.line, "schedulability", "partition '%s' (priority %d) is not schedulable: "
                       "its budget of %d ticks completes only after %d ticks, beyond its period "
                       "of %d ticks" % (b.name, priority, b.budget, r, b.period))


def check_core_fit(cfg, diag):
    """@req CFG-002: the image blob fits the core reservation (the linker script
    asserts the complete core image fits)."""
    if cfg.core:
        blob = sum(pad4(len(data)) for p in cfg.partitions for _, data in p.loads or ())
        if blob > cfg.core[1]:
            diag.error(cfg.core[2], "core-fit", "partition images take %d bytes, more than the core "
                       "reservation of %d bytes" % (blob, cfg.core[1]))


CHECKS = (check_names, check_limits, check_align, check_perm, check_ram_range,
          check_device_range, check_overlap, check_images, check_schedule, check_schedule_fp,
          check_core_fit, check_features)


# ----------------------------------------------------------- generators -----
def pad4(n):
    return (n + 3) & ~3


def banner(cfg, open_, close=""):
    text = "Generated by tools/config from %s. Do not edit." % cfg.path
    return "%s %s%s\n" % (open_, text.replace("*/", "* /"), close)


def c_string(text):
    return '"%s"' % text.replace("\\", "\\\\").replace('"', '\\"')


def build_blob(cfg):
    """@req CFG-001: the image blob and one load record per loaded segment."""
    blob, loads = bytearray(), []
    for p in cfg.partitions:
        for host, data in p.loads:
            loads.append((host, len(blob), len(data)))
            blob += data + bytes(pad4(len(data)) - len(data))
    return bytes(blob), loads


def window_table(cfg):
    """@req CFG-001: (partition index, start, ticks); boundaries are the rounded
    exact running sums so the last window ends exactly at the major frame."""
    index = {p.name: i for i, p in enumerate(cfg.partitions)}
    table, total = [], 0
    for w in cfg.windows:
        start = to_ticks(total)
        total += w.uticks
        table.append((index[w.name], start, to_ticks(total) - start))
    return table


def gen_config_h(cfg, blob, loads):
    """@req CFG-001, SCHED-005: config.h, the configuration's constants.  Under
    fixed_priority there are no windows and no major frame (both 0) and one
    budget per partition, each with a comment giving its response time."""
    actions = {p.on_fault for p in cfg.partitions}
    fp = fp_table(cfg) if scheduler(cfg) == "fixed_priority" else []
    frame = to_ticks(cfg.major_frame[0]) if cfg.major_frame else 0
    lines = [banner(cfg, "/*", " */").rstrip(),
             "#ifndef PROTEUS_GEN_CONFIG_H", "#define PROTEUS_GEN_CONFIG_H",
             "#define CONFIG_NAME %s" % c_string(os.path.splitext(os.path.basename(cfg.path))[0]),
             "#define CONFIG_TB_HZ %du" % TB_HZ,
             "#define CONFIG_CORE_BASE 0x%08Xu" % cfg.core[0],
             "#define CONFIG_CORE_SIZE 0x%08Xu" % cfg.core[1],
             "#define CONFIG_NUM_PARTITIONS %du" % len(cfg.partitions),
             "#define CONFIG_NUM_REGIONS %du" % sum(len(p.regions) for p in cfg.partitions),
             "#define CONFIG_NUM_LOADS %du" % len(loads),
             "#define CONFIG_NUM_WINDOWS %du" % len(cfg.windows),
             "#define CONFIG_MAJOR_FRAME %du /* ticks */" % frame,
             "#define CONFIG_NUM_BUDGETS %du" % len(fp)]
    lines += ["/* response time of %s: %d ticks of period %d */" % (b.name, r, b.period)
              for _, _, b, r in fp]
    lines += ["#define CONFIG_TRACE_WINDOWS %du" % cfg.trace_windows]
    lines += ["#define %s %d /* %s */" % (symbol, 1 if action in actions else 0, what)
              for action, (symbol, what) in HM_ACTIONS.items()]
    lines += feature_defines(cfg)
    return "\n".join(lines + ["#endif", ""])


def gen_image_blob_h(cfg, blob):
    """@req CFG-001: image_blob.h, the size of the image blob.  A header of
    its own: it changes with every image, config.h only with the layout, so
    the core is not recompiled when only a partition's image changes."""
    lines = [banner(cfg, "/*", " */").rstrip(),
             "#ifndef PROTEUS_GEN_IMAGE_BLOB_H", "#define PROTEUS_GEN_IMAGE_BLOB_H",
             "#define CONFIG_IMAGE_BLOB_SIZE %du" % len(blob), "#endif", ""]
    return "\n".join(lines)


def region_attr(r):
    flags = ["REGION_" + c.upper() for c in "rwx" if c in r.perm]
    return " | ".join(flags + (["REGION_DEVICE"] if r.kind == "device" else []))


def c_array(ctype, name, count_macro, rows):
    """A designated-initializer array of count_macro elements.  An empty one is
    not emitted at all (C has no empty arrays); the core's code that would
    use it is compiled out by its CONFIG_NUM_* being 0."""
    if not rows:
        return []
    body = ["    [%d] = { %s }," % (i, row) for i, row in enumerate(rows)]
    return ["", "const struct %s %s[%s] = {" % (ctype, name, count_macro)] + body + ["};"]


def banner_line(cfg):
    """@req BOOT-001: the line the core prints at boot, naming the
    configuration and its schedule; configuration data (cfg_banner), so
    that the core's code is the same text for configurations alike but for
    their names."""
    name = os.path.splitext(os.path.basename(cfg.path))[0]
    line = "Proteus-405: configuration %s, %d partitions, " % (name, len(cfg.partitions))
    if scheduler(cfg) == "fixed_priority":
        line += "fixed-priority scheduler"
    else:
        frame = to_ticks(cfg.major_frame[0]) if cfg.major_frame else 0
        line += "%d windows, major frame %d ticks" % (len(cfg.windows), frame)
    assert len(line) <= BANNER_MAX, line  # the name's limit keeps it short
    return line


def gen_config_data_c(cfg, blob, loads):
    """@req CFG-001, SCHED-005: config_data.c, the tables of struct cfg_* the
    core reads: cfg_windows under cyclic, cfg_budgets (highest priority
    first) under fixed_priority."""
    regions, parts, first_region, first_load = [], [], 0, 0
    for i, p in enumerate(cfg.partitions):
        ordered = [r for r in p.regions if r.kind == "ram"] + [r for r in p.regions if r.kind == "device"]
        regions += [".guest = 0x%08Xu, .host = 0x%08Xu, .size = 0x%08Xu, .attr = %s"
                    % (r.guest, r.host, r.size, region_attr(r)) for r in ordered]
        parts.append(".name = %s, .entry = 0x%08Xu, .pid = %du, .hm_action = HM_ACTION_%s, "
                     ".first_region = %du, .num_regions = %du, .first_load = %du, .num_loads = %du"
                     % (c_string(p.name), p.entry, i + 1, p.on_fault.upper(), first_region,
                        len(ordered), first_load, len(p.loads)))
        first_region += len(ordered)
        first_load += len(p.loads)
    windows = [".partition = %du, .start = %du, .ticks = %du" % w for w in window_table(cfg)]
    budgets = ([".partition = %du, .budget = %du, .period = %du" % (i, b.budget, b.period)
                for _, i, b, _ in fp_table(cfg)] if scheduler(cfg) == "fixed_priority" else [])
    load_rows = [".host = 0x%08Xu, .src = 0x%08Xu, .len = 0x%08Xu" % ld for ld in loads]
    lines = [banner(cfg, "/*", " */").rstrip(), "#include <proteus/cfg.h>", '#include "config.h"']
    lines += ["", "const char cfg_banner[CFG_BANNER_MAX + 1u] = %s;" % c_string(banner_line(cfg))]
    lines += c_array("cfg_region", "cfg_regions", "CONFIG_NUM_REGIONS", regions)
    lines += c_array("cfg_partition", "cfg_partitions", "CONFIG_NUM_PARTITIONS", parts)
    lines += c_array("cfg_window", "cfg_windows", "CONFIG_NUM_WINDOWS", windows)
    lines += c_array("cfg_budget", "cfg_budgets", "CONFIG_NUM_BUDGETS", budgets)
    lines += c_array("cfg_load", "cfg_loads", "CONFIG_NUM_LOADS", load_rows)
    return "\n".join(lines + [""])


def gen_images_s(cfg, blob_path):
    """@req CFG-001: images.S, places the blob in section .images."""
    return banner(cfg, "/*", " */") + (
        '    .section .images,"a"\n    .balign 4\n    .globl cfg_image_blob\ncfg_image_blob:\n'
        "    .incbin %s\n    .size cfg_image_blob, . - cfg_image_blob\n" % c_string(blob_path))


def gen_linker_script(cfg):
    """@req CFG-001: proteus.ld, the core image layout inside the core reservation."""
    return banner(cfg, "/*", " */") + """\
OUTPUT_FORMAT("elf32-powerpc")
OUTPUT_ARCH(powerpc:common)
ENTRY(_start)
MEMORY { core (rwx) : ORIGIN = 0x%08X, LENGTH = 0x%08X }
SECTIONS
{
  .vectors ORIGIN(core) : { KEEP(*(.vectors)) } > core
  .text : { *(.text.start) *(.text .text.*) } > core
  .rodata : { *(.rodata .rodata.*) } > core
  .data : { *(.data .data.*) *(.sdata .sdata.*) } > core
  .images : { . = ALIGN(4); KEEP(*(.images)) } > core
  .bss (NOLOAD) : { . = ALIGN(16); __bss_start = .; *(.bss .bss.*) *(.sbss .sbss.*) *(COMMON) . = ALIGN(16); __bss_end = .; } > core
  .stack (NOLOAD) : { . = ALIGN(16); __stack_bottom = .; . += 0x%X; __stack_top = .; } > core
  /DISCARD/ : { *(.comment) *(.note .note.*) *(.eh_frame .eh_frame_hdr) *(.gnu.attributes) }
}
ASSERT(__stack_top <= ORIGIN(core) + LENGTH(core), "core image does not fit the [system] core reservation")
""" % (cfg.core[0], cfg.core[1], STACK_SIZE)


def gen_config_mk(cfg):
    """@req CFG-001: config.mk, the images the generated files depend on."""
    images = list(dict.fromkeys(image_path(cfg, p) for p in cfg.partitions))
    return banner(cfg, "#") + "CONFIG_IMAGES := %s\n" % " ".join(images)


def generate(cfg, out_dir):
    """@req CFG-001: all generated files, name -> bytes."""
    blob, loads = build_blob(cfg)
    blob_path = os.path.abspath(os.path.join(out_dir, "images.bin"))
    files = {"config.h": gen_config_h(cfg, blob, loads),
             "image_blob.h": gen_image_blob_h(cfg, blob),
             "config_data.c": gen_config_data_c(cfg, blob, loads),
             "images.S": gen_images_s(cfg, blob_path),
             "proteus.ld": gen_linker_script(cfg),
             "config.mk": gen_config_mk(cfg)}
    files = {name: text.encode() for name, text in files.items()}
    files["images.bin"] = blob
    return files


def write_if_changed(path, content):
    try:
        with open(path, "rb") as f:
            if f.read() == content:
                return
    except OSError:
        pass
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(content)
    os.replace(tmp, path)


# ----------------------------------------------------------------- main -----
def compile_config(path, root):
    """Parses and checks; returns (Config, Diagnostics)."""
    diag = Diagnostics(path)
    try:
        with open(path, "rb") as f:
            raw = f.read()
        text = raw.decode("utf-8")
    except OSError as exc:
        diag.error(1, "syntax", "cannot read configuration: %s" % (exc.strerror or exc))
        return None, diag
    except UnicodeDecodeError as exc:
        diag.error(raw[:exc.start].count(b"\n") + 1, "syntax", "configuration is not valid UTF-8")
        return None, diag
    cfg = parse(text, path, root, diag)
    for check in CHECKS:
        check(cfg, diag)
    return cfg, diag


def main(argv):
    rules = "\n".join("  %-19s %s" % item for item in RULES.items())
    ap = argparse.ArgumentParser(
        prog="tools/config", formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Check a Proteus-405 configuration and generate config.h, config_data.c, "
                    "images.bin, images.S, proteus.ld and config.mk (spec/config-format.md).",
        epilog="rules (errors read FILE:LINE: error: [rule] message):\n" + rules)
    ap.add_argument("config", metavar="CONFIG.conf", help="configuration file")
    ap.add_argument("--root", default=".", metavar="DIR",
                    help="directory relative image paths resolve against (default: .)")
    ap.add_argument("--out", metavar="DIR", help="directory for generated files (created if missing)")
    ap.add_argument("--check", action="store_true", help="validate only, write nothing")
    args = ap.parse_args(argv)
    if not args.check and not args.out:
        ap.error("--out DIR is required unless --check is given")
    cfg, diag = compile_config(args.config, args.root)
    if diag.items:
        sys.stderr.write("".join(line + "\n" for line in diag.lines()))
        return 1
    if args.check:
        return 0
    try:
        os.makedirs(args.out, exist_ok=True)
        for name, content in generate(cfg, args.out).items():
            write_if_changed(os.path.join(args.out, name), content)
    except OSError as exc:
        sys.stderr.write("tools/config: error: cannot write to '%s': %s\n" % (args.out, exc))
        return 1
    return 0
