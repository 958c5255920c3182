"""Measuring one linked core image (@req FOOT-001).

The numbers come from the cross binutils' text output, parsed here so that
the parsing is testable on captured text without a cross toolchain:

  readelf -SW ELF             the section table (size, flags)
  readelf -x SEC ... ELF      the contents of the executable sections
  nm -S ELF                   the symbols and their sizes

and from the files generated for the image: by tools/config (gen/config.h,
gen/images.S, gen/config_data.c) and by tools/asmoffsets (gen/asm-offsets.h:
the sizes of struct ctx, struct vcpu and struct partition, which split the
per-VM bytes into the register file and the bookkeeping).  See
spec/footprint.md for the rules.
"""
import os
import re
import subprocess

# Symbols the measurement relies on, with where they come from.  A missing
# one is an error: a renamed symbol must not be silently counted as .data.
PARTITIONS = "partitions"          # kernel/core: struct partition partitions[N]
STACK_BOTTOM = "__stack_bottom"    # gen/proteus.ld (tools/config): the core stack
STACK_TOP = "__stack_top"
STACK_KEY = STACK_BOTTOM + ".." + STACK_TOP
RELOAD_STACKS = "reload_stacks"    # kernel/arch/ppc405/reload.S: N reload stacks

ROW_TABLES = "configuration tables"
ROW_STACKS = "core stacks"
ROW_IMAGES = "partition images"
ROW_STATE = "per-partition state"
EXCLUDED_ROWS = (ROW_TABLES, ROW_STACKS, ROW_IMAGES, ROW_STATE)

# The sizes kernel/arch/ppc405/asm-offsets.c exports (gen/asm-offsets.h):
# key in the measurement -> macro.
SIZES = (("ctx", "SIZEOF_CTX"), ("vcpu", "SIZEOF_VCPU"), ("partition", "SIZEOF_PARTITION"))
ASM_OFFSETS = "asm-offsets.h"


class MeasureError(Exception):
    """A bad or unexpected input; the message names what and where."""


# ---------------------------------------------------------------- parsing ---
_SECTION_RE = re.compile(
    r"^\s*\[\s*(\d+)\]\s+(\S*)\s+(\S+)\s+([0-9a-fA-F]+)\s+[0-9a-fA-F]+\s+([0-9a-fA-F]+)"
    r"\s+[0-9a-fA-F]+\s+(\S*)\s+\d+\s+\d+\s+\d+\s*$")


def parse_sections(text):
    """`readelf -SW` output -> [{"name", "type", "addr", "size", "flags"}] in
    section-table order (the null section left out)."""
    sections = []
    for line in text.splitlines():
        m = _SECTION_RE.match(line)
        if not m:
            continue
        index, name, stype, addr, size, flags = m.groups()
        if int(index) == 0 or stype == "NULL":
            continue
        sections.append({"name": name, "type": stype, "addr": int(addr, 16),
                         "size": int(size, 16), "flags": flags})
    if not sections:
        raise MeasureError("no section headers in the readelf -S output")
    return sections


def is_alloc(sec):
    return "A" in sec["flags"]


def is_exec(sec):
    return "A" in sec["flags"] and "X" in sec["flags"]


_DUMP_HEAD_RE = re.compile(r"^Hex dump of section '([^']*)':")
_DUMP_LINE_RE = re.compile(r"^\s+0x([0-9a-fA-F]+) ")
_DUMP_HEX_WIDTH = 36   # 16 bytes as 4 groups of 8 hex digits, each group + ' '


def parse_hexdump(text):
    """`readelf -x SEC ...` output -> {section: (start address, bytes)}."""
    dumps, name, start, data = {}, None, None, None
    for line in text.splitlines():
        head = _DUMP_HEAD_RE.match(line)
        if head:
            name, start, data = head.group(1), None, bytearray()
            dumps[name] = (0, data)
            continue
        m = _DUMP_LINE_RE.match(line)
        if not m or name is None:
            continue
        addr = int(m.group(1), 16)
        if start is None:
            start = addr
        elif addr != start + len(data):
            raise MeasureError("hex dump of section '%s' is not contiguous at 0x%08x"
                               % (name, addr))
        digits = line[m.end():m.end() + _DUMP_HEX_WIDTH].replace(" ", "")
        try:
            data += bytes.fromhex(digits)
        except ValueError:
            raise MeasureError("malformed hex dump line of section '%s': %r" % (name, line))
        dumps[name] = (start, data)
    return {k: (s, bytes(d)) for k, (s, d) in dumps.items()}


def parse_symbols(text):
    """`nm -S` output -> [{"name", "addr", "size" (None if nm gives none), "type"}];
    undefined symbols are left out."""
    symbols = []
    for line in text.splitlines():
        f = line.split()
        try:
            if len(f) == 4:
                symbols.append({"addr": int(f[0], 16), "size": int(f[1], 16),
                                "type": f[2], "name": f[3]})
            elif len(f) == 3:
                symbols.append({"addr": int(f[0], 16), "size": None,
                                "type": f[1], "name": f[2]})
        except ValueError:
            continue
    if not symbols:
        raise MeasureError("no symbols in the nm output (is the ELF stripped?)")
    return symbols


def parse_num_partitions(config_h):
    """CONFIG_NUM_PARTITIONS from the text of gen/config.h."""
    m = re.search(r"^#define\s+CONFIG_NUM_PARTITIONS\s+(\d+)u?\b", config_h, re.M)
    if not m:
        raise MeasureError("no CONFIG_NUM_PARTITIONS in config.h")
    n = int(m.group(1))
    if n == 0:
        raise MeasureError("CONFIG_NUM_PARTITIONS is 0 in config.h")
    return n


def parse_image_symbols(images_s):
    """The symbols gen/images.S defines (its .globl names): the partition images."""
    names = re.findall(r"^\s*\.globl\s+([A-Za-z_.$][\w.$]*)", images_s, re.M)
    if not names:
        raise MeasureError("images.S defines no .globl symbol (the partition images)")
    return sorted(set(names))


def parse_table_symbols(config_data_c):
    """The cfg_* tables gen/config_data.c defines (`const struct T cfg_x[N] = {`)."""
    names = re.findall(r"^\s*(?:const\s+)?(?:struct\s+\w+|\w+)\s+(cfg_\w+)\s*(?:\[[^\]]*\])?\s*=",
                       config_data_c, re.M)
    if not names:
        raise MeasureError("config_data.c defines no cfg_* table")
    return sorted(set(names))


def parse_sizes(asm_offsets_h):
    """{"ctx", "vcpu", "partition": bytes} from the text of gen/asm-offsets.h."""
    sizes = {}
    for key, macro in SIZES:
        m = re.search(r"^#define\s+%s\s+(\d+)\s*$" % macro, asm_offsets_h, re.M)
        if not m:
            raise MeasureError("no %s in %s (kernel/arch/ppc405/asm-offsets.c exports it; "
                               "rebuild the image)" % (macro, ASM_OFFSETS))
        sizes[key] = int(m.group(1))
    if sizes["ctx"] + sizes["vcpu"] > sizes["partition"]:
        raise MeasureError("%s: SIZEOF_CTX %d + SIZEOF_VCPU %d exceed SIZEOF_PARTITION %d"
                           % (ASM_OFFSETS, sizes["ctx"], sizes["vcpu"], sizes["partition"]))
    return sizes


# ------------------------------------------------------------ measurement ---
def zero_words(start, data):
    """Number of aligned 32-bit words that are 0 in data (loaded at start)."""
    count, off = 0, (-start) % 4
    while off + 4 <= len(data):
        if data[off:off + 4] == b"\0\0\0\0":
            count += 1
        off += 4
    return count


class Symbols:
    def __init__(self, symbols, sections):
        self.by_name = {}
        for s in symbols:
            self.by_name.setdefault(s["name"], []).append(s)
        self.addrs = sorted({s["addr"] for s in symbols})
        self.sections = sections

    def section_of(self, addr, size):
        for sec in self.sections:
            if is_alloc(sec) and sec["addr"] <= addr and addr + size <= sec["addr"] + sec["size"]:
                return sec
        return None

    def one(self, name, why):
        found = self.by_name.get(name)
        if not found:
            raise MeasureError("symbol '%s' (%s) is not in the image" % (name, why))
        if len(found) > 1:
            raise MeasureError("symbol '%s' (%s) is defined %d times" % (name, why, len(found)))
        return found[0]

    def sized(self, name, why, sizeless_ok=False):
        """(address, size) of a data symbol; a symbol without an nm size (an
        assembly label without .size) extends, if sizeless_ok, to the next
        symbol or the end of its section."""
        s = self.one(name, why)
        size = s["size"]
        if size is None:
            if not sizeless_ok:
                raise MeasureError("symbol '%s' (%s) has no size in the symbol table" % (name, why))
            sec = self.section_of(s["addr"], 0)
            if sec is None:
                raise MeasureError("symbol '%s' (%s) is not in an allocated section" % (name, why))
            end = sec["addr"] + sec["size"]
            nxt = [a for a in self.addrs if s["addr"] < a < end]
            size = (min(nxt) if nxt else end) - s["addr"]
        return s["addr"], size

    def address(self, name, why):
        return self.one(name, why)["addr"]


def measure(sections, dumps, symbols, num_partitions, image_symbols, table_symbols, sizes):
    """The footprint of one image from its parsed inputs (@req FOOT-001).

    text = executable allocated sections; code = text minus its zero words;
    data = every other allocated section minus the excluded rows (the
    configuration tables, the core stacks, the partition images and the
    per-partition state), each reported on its own; per_vm = the
    per-partition state / partitions, split by sizes (parse_sizes) into
    register_file (struct ctx + struct vcpu) and bookkeeping (the rest of
    struct partition)."""
    text = code = zwords = alloc_data = 0
    out_sections = {}
    for sec in sections:
        if not is_alloc(sec):
            continue
        if is_exec(sec):
            if sec["type"] == "NOBITS":
                raise MeasureError("executable section '%s' has no contents" % sec["name"])
            if sec["name"] not in dumps:
                raise MeasureError("no hex dump of executable section '%s'" % sec["name"])
            start, data = dumps[sec["name"]]
            if sec["size"] and (len(data) != sec["size"] or start != sec["addr"]):
                raise MeasureError("hex dump of section '%s' has %d bytes at 0x%08x, the section "
                                   "table says %d at 0x%08x" % (sec["name"], len(data), start,
                                                                sec["size"], sec["addr"]))
            z = zero_words(sec["addr"], data) if sec["size"] else 0
            text += sec["size"]
            zwords += z
            out_sections[sec["name"]] = {"kind": "text", "size": sec["size"], "zero_words": z}
        else:
            alloc_data += sec["size"]
            out_sections[sec["name"]] = {"kind": "data", "size": sec["size"]}
    code = text - 4 * zwords

    syms = Symbols(symbols, sections)
    excluded = {}   # row -> {symbol: size}
    excluded[ROW_TABLES] = {n: syms.sized(n, "a table of gen/config_data.c") for n in table_symbols}
    excluded[ROW_IMAGES] = {n: syms.sized(n, "the partition images of gen/images.S")
                            for n in image_symbols}
    bottom = syms.address(STACK_BOTTOM, "the core stack of gen/proteus.ld")
    top = syms.address(STACK_TOP, "the core stack of gen/proteus.ld")
    if top < bottom:
        raise MeasureError("%s lies below %s" % (STACK_TOP, STACK_BOTTOM))
    excluded[ROW_STACKS] = {
        STACK_KEY: (bottom, top - bottom),
        RELOAD_STACKS: syms.sized(RELOAD_STACKS, "the reload stacks of kernel/arch/ppc405/reload.S",
                                  sizeless_ok=True)}
    excluded[ROW_STATE] = {PARTITIONS: syms.sized(PARTITIONS, "the partition table of the core")}

    extents = []
    for row, members in excluded.items():
        for name, (addr, size) in members.items():
            sec = syms.section_of(addr, size)
            if sec is None or is_exec(sec):
                raise MeasureError("symbol '%s' [0x%08x, 0x%08x) is not inside one allocated "
                                   "data section" % (name, addr, addr + size))
            extents.append((addr, addr + size, name))
    extents.sort()
    for (a0, a1, n0), (b0, b1, n1) in zip(extents, extents[1:]):
        if b0 < a1:
            raise MeasureError("symbols '%s' and '%s' overlap" % (n0, n1))

    rows = {row: {"bytes": sum(size for _, size in members.values()),
                  "symbols": {n: size for n, (_, size) in sorted(members.items())}}
            for row, members in excluded.items()}
    state = rows[ROW_STATE]["bytes"]
    if state % num_partitions:
        raise MeasureError("'%s' has %d bytes, not a multiple of CONFIG_NUM_PARTITIONS = %d"
                           % (PARTITIONS, state, num_partitions))
    per_vm = state // num_partitions
    if per_vm != sizes["partition"]:
        raise MeasureError("'%s' has %d bytes per partition, %s says SIZEOF_PARTITION = %d "
                           "(a stale header?)" % (PARTITIONS, per_vm, ASM_OFFSETS,
                                                  sizes["partition"]))
    register_file = sizes["ctx"] + sizes["vcpu"]
    return {"text": text, "code": code, "zero_words": zwords,
            "data": alloc_data - sum(r["bytes"] for r in rows.values()),
            "allocated_data": alloc_data, "sections": out_sections, "excluded": rows,
            "partitions": num_partitions, "per_vm": per_vm,
            "register_file": register_file, "bookkeeping": per_vm - register_file,
            "sizes": dict(sizes),
            "reload_stack_per_vm": rows[ROW_STACKS]["symbols"][RELOAD_STACKS] // num_partitions}


# -------------------------------------------------------------- the tools ---
def run(argv):
    try:
        proc = subprocess.run(argv, capture_output=True, text=True)
    except OSError as exc:
        raise MeasureError("cannot run %s: %s (set CROSS to the cross toolchain's prefix)"
                           % (argv[0], exc.strerror or exc))
    if proc.returncode:
        first = (proc.stderr.strip().splitlines() or ["exit status %d" % proc.returncode])[0]
        raise MeasureError("%s failed: %s" % (" ".join(argv), first))
    return proc.stdout


def read_text(path, what):
    try:
        with open(path) as f:
            return f.read()
    except OSError as exc:
        raise MeasureError("cannot read %s '%s': %s" % (what, path, exc.strerror or exc))


def measure_elf(elf, gen_dir, cross):
    """Measures a built image: ELF and the gen/ directory generated for it."""
    if not os.path.isfile(elf):
        raise MeasureError("no image '%s'" % elf)
    sections = parse_sections(run([cross + "readelf", "-SW", elf]))
    execs = [s["name"] for s in sections if is_exec(s) and s["size"]]
    dump_args = [a for n in execs for a in ("-x", n)]
    dumps = parse_hexdump(run([cross + "readelf"] + dump_args + [elf])) if execs else {}
    symbols = parse_symbols(run([cross + "nm", "-S", elf]))
    n = parse_num_partitions(read_text(os.path.join(gen_dir, "config.h"), "generated header"))
    images = parse_image_symbols(read_text(os.path.join(gen_dir, "images.S"), "generated file"))
    tables = parse_table_symbols(read_text(os.path.join(gen_dir, "config_data.c"), "generated file"))
    offsets = os.path.join(gen_dir, ASM_OFFSETS)
    if not os.path.isfile(offsets):
        raise MeasureError("no generated header '%s': the structure sizes that split the per-VM "
                           "bytes (tools/asmoffsets writes it when the image is built)" % offsets)
    sizes = parse_sizes(read_text(offsets, "generated header"))
    return measure(sections, dumps, symbols, n, images, tables, sizes)
