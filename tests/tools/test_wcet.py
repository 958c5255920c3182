"""Tests of tools/wcet (static WCET bounds of the core, measured maxima).

@req EVID-001 (a static bound of every entry path; unbounded loops, unresolved
     indirect branches and recursion refused)
@req SCHED-004 (the window-start jitter bound rests on the WCET of the core's
     non-preemptible paths: static bounds on the binary, checked against measured maxima)

The unit tests assemble small PowerPC programs into synthetic ELF files
(with a DWARF line table pointing at annotated source files written to a
temporary directory), so no cross toolchain is needed.  The integration
tests run on build/demo/proteus.elf when it exists (or on the ELF named by
$WCET_TEST_ELF): the full analysis when it carries a line table (-g), else
the check that the tool asks for one; two QEMU traces of the same budget
(identical) when QEMU is installed.  `trace` itself runs against a fake QEMU
(a script that writes exec-trace lines to its -D log).
"""
import argparse
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import unittest

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TOOL = os.path.join(REPO, "tools", "wcet")
DEMO = os.environ.get("WCET_TEST_ELF", os.path.join(REPO, "build", "demo", "proteus.elf"))

sys.path.insert(0, TOOL)
import analysis  # noqa: E402
import annotations  # noqa: E402
import cli  # noqa: E402
import constprop  # noqa: E402
import dwarfline  # noqa: E402
import elfread  # noqa: E402
import measure  # noqa: E402
import ppcdecode  # noqa: E402
import timing  # noqa: E402


def read(path):
    with open(path) as f:
        return f.read()


# ---- a tiny assembler -----------------------------------------------------------
def _d(op, rt, ra, imm):
    return (op << 26) | (rt << 21) | (ra << 16) | (imm & 0xFFFF)


def _x(rt, ra, rb, xo, rc=0):
    return (31 << 26) | (rt << 21) | (ra << 16) | (rb << 11) | (xo << 1) | rc


class Asm:
    """Instructions with labels; words() resolves them at a base address."""

    def __init__(self):
        self.items = []   # (label or None, function(at, labels) -> word, source line)
        self.pending = []

    def label(self, name):
        self.pending.append(name)
        return self

    def _emit(self, fn, line=None):
        self.items.append((self.pending, fn, line))
        self.pending = []
        return self

    def word(self, w, line=None):
        return self._emit(lambda at, L: w, line)

    def li(self, rt, v, line=None):
        return self.word(_d(14, rt, 0, v), line)

    def lis(self, rt, v, line=None):
        return self.word(_d(15, rt, 0, v), line)

    def addi(self, rt, ra, v, line=None):
        return self.word(_d(14, rt, ra, v), line)

    def cmplwi(self, ra, v, crf=0, line=None):
        return self.word((10 << 26) | (crf << 23) | (ra << 16) | v, line)

    def slwi(self, ra, rs, n, line=None):
        return self.word((21 << 26) | (rs << 21) | (ra << 16) | (n << 11) | ((31 - n) << 1), line)

    def lwzx(self, rt, ra, rb, line=None):
        return self.word(_x(rt, ra, rb, 23), line)

    def add(self, rt, ra, rb, line=None):
        return self.word(_x(rt, ra, rb, 266), line)

    def mullw(self, rt, ra, rb, line=None):
        return self.word(_x(rt, ra, rb, 235), line)

    def mtctr(self, rs, line=None):
        return self.word((31 << 26) | (rs << 21) | (9 << 16) | (467 << 1), line)

    def nop(self, line=None):
        return self.word(0x60000000, line)

    def blr(self, line=None):
        return self.word(0x4E800020, line)

    def bctr(self, line=None):
        return self.word(0x4E800420, line)

    def rfi(self, line=None):
        return self.word(0x4C000064, line)

    def b(self, target, link=0, line=None):
        return self._emit(lambda at, L: (18 << 26) | ((L[target] - at) & 0x03FFFFFC) | link, line)

    def bl(self, target, line=None):
        return self.b(target, 1, line)

    def bc(self, bo, bi, target, line=None):
        return self._emit(lambda at, L: (16 << 26) | (bo << 21) | (bi << 16)
                          | ((L[target] - at) & 0xFFFC), line)

    def beq(self, target, cr=0, line=None):
        return self.bc(12, 4 * cr + 2, target, line)

    def bne(self, target, cr=0, line=None):
        return self.bc(4, 4 * cr + 2, target, line)

    def bgt(self, target, cr=0, line=None):
        return self.bc(12, 4 * cr + 1, target, line)

    def bdnz(self, target, line=None):
        return self.bc(16, 0, target, line)

    def layout(self, base):
        labels, at = {}, base
        for names, _fn, _line in self.items:
            for n in names:
                labels[n] = at
            at += 4
        for n in self.pending:
            labels[n] = at
        return labels

    def words(self, base, labels):
        out, lines = [], {}
        for k, (_names, fn, line) in enumerate(self.items):
            out.append(fn(base + 4 * k, labels))
            if line is not None:
                lines[base + 4 * k] = line
        return out, lines


# ---- a synthetic ELF with a DWARF 3 line table ----------------------------------
def _uleb(v):
    out = bytearray()
    while True:
        b = v & 0x7F
        v >>= 7
        out.append(b | (0x80 if v else 0))
        if not v:
            return bytes(out)


def _sleb(v):
    out = bytearray()
    while True:
        b = v & 0x7F
        v >>= 7
        done = (v == 0 and not b & 0x40) or (v == -1 and b & 0x40)
        out.append(b | (0 if done else 0x80))
        if done:
            return bytes(out)


def line_program(rows, end, fname, version=3):
    """.debug_line unit: rows = [(address, line)] sorted, for one file."""
    std = bytes([0, 1, 1, 1, 1, 0, 0, 0, 1, 0, 0, 1])
    if version == 5:
        strs = b"\x01" + _uleb(1) + _uleb(0x08) + _uleb(1) + b".\0"   # dirs: one, DW_FORM_string
        strs += b"\x02" + _uleb(1) + _uleb(0x08) + _uleb(2) + _uleb(0x0b) + _uleb(2)
        strs += (fname.encode() + b"\0" + b"\0") * 2   # files 0 and 1, as GNU as writes them
        tables = strs
    else:
        tables = b"\0" + fname.encode() + b"\0" + b"\0\0\0" + b"\0"
    hdr_rest = bytes([1]) + (bytes([1]) if version >= 4 else b"") + bytes([1]) \
        + struct.pack(">b", -5) + bytes([14, 13]) + std + tables
    prog = bytearray()
    line = 1
    for addr, ln in rows:
        prog += b"\x00\x05\x02" + struct.pack(">I", addr)
        if ln != line:
            prog += b"\x03" + _sleb(ln - line)
            line = ln
        prog += b"\x01"
    prog += b"\x00\x05\x02" + struct.pack(">I", end) + b"\x00\x01\x01"
    ver = struct.pack(">H", version) + (b"\x04\x00" if version == 5 else b"")
    body = ver + struct.pack(">I", len(hdr_rest)) + hdr_rest + bytes(prog)
    return struct.pack(">I", len(body)) + body


def build_elf(path, sections, symbols, entry, machine=20):
    """sections = [(name, addr, data, flags)], symbols = [(name, addr, section index)]
    (section index 1-based in `sections`)."""
    shstr = b"\0"
    names = []
    for name, *_ in sections + [(".symtab",), (".strtab",), (".shstrtab",)]:
        names.append(len(shstr))
        shstr += name.encode() + b"\0"
    strtab = b"\0"
    symtab = bytes(16)
    for name, addr, shndx in symbols:
        symtab += struct.pack(">IIIBBH", len(strtab), addr, 0, (1 << 4) | 2, 0, shndx)
        strtab += name.encode() + b"\0"
    blobs = [s[2] for s in sections] + [symtab, strtab, shstr]
    off = 52
    offsets = []
    body = b""
    for blob in blobs:
        offsets.append(off)
        body += blob
        off += len(blob)
    while off % 4:
        body += b"\0"
        off += 1
    shoff = off
    shdrs = bytes(40)
    nsec = len(sections)
    for k, (name, addr, data, flags) in enumerate(sections):
        shdrs += struct.pack(">10I", names[k], 1, flags, addr, offsets[k], len(data), 0, 0, 4, 0)
    shdrs += struct.pack(">10I", names[nsec], 2, 0, 0, offsets[nsec], len(symtab), nsec + 2, 1, 4, 16)
    shdrs += struct.pack(">10I", names[nsec + 1], 3, 0, 0, offsets[nsec + 1], len(strtab), 0, 0, 1, 0)
    shdrs += struct.pack(">10I", names[nsec + 2], 3, 0, 0, offsets[nsec + 2], len(shstr), 0, 0, 1, 0)
    ident = b"\x7fELF" + bytes((1, 2, 1)) + bytes(9)
    ehdr = ident + struct.pack(">HHIIIIIHHHHHH", 2, machine, 1, entry, 0, shoff, 0, 52, 32, 0,
                               40, nsec + 4, nsec + 3)
    with open(path, "wb") as f:
        f.write(ehdr + body + shdrs)


AX, A = 0x6, 0x2
VEC_BASE, TEXT_BASE, RODATA_BASE = 0x0, 0x800, 0x3000


class Image:
    """Vectors (slots at 0x100.. of `vectors`, each an Asm) and text (an Asm
    with labels that are function symbols when listed in `funcs`)."""

    def __init__(self, d, text, funcs, vectors=None, source="", rodata=b"", start=None,
                 version=3):
        self.dir = d
        src = os.path.join(d, "t.S")
        with open(src, "w") as f:
            f.write(source)
        labels = text.layout(TEXT_BASE)
        words, lines = text.words(TEXT_BASE, labels)
        vec = bytearray(TEXT_BASE - VEC_BASE)
        vec_lines = {}
        for off, a in (vectors or {}).items():
            lab = dict(labels)
            lab.update(a.layout(VEC_BASE + off))
            ws, ls = a.words(VEC_BASE + off, lab)
            for k, w in enumerate(ws):
                struct.pack_into(">I", vec, off + 4 * k, w)
            vec_lines.update(ls)
        text_bytes = b"".join(struct.pack(">I", w) for w in words)
        rows = sorted(list(lines.items()) + list(vec_lines.items()))
        dl = line_program(rows, TEXT_BASE + len(text_bytes), "t.S", version)
        sections = [(".vectors", VEC_BASE, bytes(vec), AX), (".text", TEXT_BASE, text_bytes, AX),
                    (".rodata", RODATA_BASE, rodata or b"\0\0\0\0", A), (".debug_line", 0, dl, 0)]
        syms = [("vectors_base", VEC_BASE, 1)] + [(f, labels[f], 2) for f in funcs]
        self.labels = labels
        self.path = os.path.join(d, "core.elf")
        build_elf(self.path, sections, syms, labels[start or funcs[0]])

    def program(self, penalties=(0, 0)):
        elf = elfread.load(self.path)
        lines = dwarfline.line_table(elf)
        return analysis.Program(elf, lines, annotations.Sources(self.dir), annotations.Constants(),
                                timing.Model(*penalties))

    def cli(self, *args):
        return subprocess.run([sys.executable, TOOL] + list(args) + [self.path, "--root", self.dir,
                                                                     "--include", self.dir],
                              capture_output=True, text=True)


def source(n, notes):
    """A source file of n lines, with text on the given lines."""
    return "".join(notes.get(k, "insn %d" % k) + "\n" for k in range(1, n + 1))


# ---- tests ----------------------------------------------------------------------
class DecodeTest(unittest.TestCase):
    def test_branch_forms(self):
        d = ppcdecode.decode
        self.assertEqual(d(0x4E800020, 0).kind, "ret")
        self.assertEqual(d(0x4D820020, 0).kind, "cret")        # beqlr
        self.assertEqual(d(0x4E800420, 0).kind, "jump_ctr")    # bctr
        self.assertEqual(d(0x4E800421, 0).kind, "icall")       # bctrl
        self.assertEqual(d(0x4E800021, 0).kind, "icall")       # blrl
        self.assertEqual(d(0x4C000064, 0).kind, "rfi")
        self.assertEqual(d(0x4C000066, 0).kind, "rfi")         # rfci
        i = d(0x4BFFFFF0, 0x2138)                               # b -16
        self.assertEqual((i.kind, i.target), ("b", 0x2128))
        i = d(0x48000A41, 0x2148)                               # bl
        self.assertEqual((i.kind, i.target), ("call", 0x2B88))
        i = d(0x4200FFD8, 0x2204)                               # bdnz
        self.assertEqual((i.kind, i.target, i.name), ("bc", 0x21DC, "bdnz"))
        i = d(0x4082000C, 0x100)                                # bne
        self.assertEqual((i.kind, i.target, i.name), ("bc", 0x10C, "bne"))
        self.assertEqual(d(0x44000002, 0).kind, "sc")
        self.assertEqual(d(0x00000000, 0).kind, "illegal")

    def test_timing_classes(self):
        d = ppcdecode.decode
        self.assertEqual(d(0x7D0A41D6, 0).tclass, "mul")        # mullw
        self.assertEqual(d(0x7C841396, 0).tclass, "div")        # divwu
        self.assertEqual(d(0xB8830010, 0).nregs, 28)            # lmw r4,16(r3)
        self.assertEqual(d(0x7C0903A6, 0).name, "mtctr")
        self.assertEqual(d(0x7C0802A6, 0).name, "mflr")
        m = timing.Model()
        self.assertEqual(m.cycles(d(0xB8830010, 0)), 30)        # lmw: n + 2
        self.assertEqual(timing.Model(2, 5).cycles(d(0x80030000, 0)), 3 + 2 + 5)  # lwz


class ConstPropTest(unittest.TestCase):
    def run_words(self, words, state=None, memory=None):
        st = constprop.State(state or {})
        mem = memory or {}
        for k, w in enumerate(words):
            st = constprop.step(ppcdecode.decode(w, 4 * k), st,
                                lambda a, n: mem.get((a, n)))
        return st

    def test_arithmetic_compare_and_branch(self):
        st = self.run_words([_d(15, 9, 0, 1), _d(14, 9, 9, -4),          # lis r9,1; addi r9,r9,-4
                             (21 << 26) | (9 << 21) | (10 << 16) | (2 << 11) | (29 << 1),  # slwi r10,r9,2
                             (10 << 26) | (7 << 23) | (9 << 16) | 0xFFFC])  # cmplwi cr7,r9,0xfffc
        self.assertEqual(st.gpr[9], 0xFFFC)
        self.assertEqual(st.gpr[10], 0x3FFF0)
        self.assertEqual(st.cr[7], (False, False, True))
        beq7 = ppcdecode.decode((16 << 26) | (12 << 21) | (30 << 16) | 8, 0x100)
        self.assertIs(constprop.branch_outcome(beq7, st), True)
        bdnz = ppcdecode.decode((16 << 26) | (16 << 21) | 8, 0x100)
        self.assertIsNone(constprop.branch_outcome(bdnz, st))

    def test_loads_from_read_only_memory_and_unknowns(self):
        st = self.run_words([_d(32, 3, 4, 8)], {4: 0x3000}, {(0x3008, 4): 77})   # lwz r3,8(r4)
        self.assertEqual(st.gpr[3], 77)
        st = self.run_words([_d(32, 3, 4, 8)], {4: 0x5000, 3: 1})                 # not read-only
        self.assertNotIn(3, st.gpr)
        st = self.run_words([_x(3, 0, 0, 339)], {3: 5})                           # mfspr r3
        self.assertNotIn(3, st.gpr)
        st = self.run_words([_x(5, 0, 0, 597)], {3: 5, 20: 1})                    # lswi: all unknown
        self.assertEqual(st.gpr, {})
        st = self.run_words([(28 << 26) | (3 << 21) | (4 << 16) | 1], {3: 6})     # andi. r4,r3,1
        self.assertEqual((st.gpr[4], st.cr[0]), (0, (False, False, True)))


class LineTableTest(unittest.TestCase):
    def test_v3_and_v5(self):
        for version in (3, 5):
            with tempfile.TemporaryDirectory() as d:
                text = Asm().label("f").li(3, 1, line=4).li(4, 2, line=4).blr(line=7)
                img = Image(d, text, ["f"], source=source(8, {}), version=version)
                table = dwarfline.line_table(elfread.load(img.path))
                self.assertEqual(table[TEXT_BASE], {("t.S", 4)})
                self.assertEqual(table[TEXT_BASE + 4], {("t.S", 4)})
                self.assertEqual(table[TEXT_BASE + 8], {("t.S", 7)})

    def test_no_debug_info_is_a_clear_error(self):
        with tempfile.TemporaryDirectory() as d:
            p = os.path.join(d, "x.elf")
            build_elf(p, [(".text", 0x100, struct.pack(">I", 0x4E800020), AX)], [("f", 0x100, 1)],
                      0x100)
            r = subprocess.run([sys.executable, TOOL, p], capture_output=True, text=True)
            self.assertEqual(r.returncode, 1)
            self.assertIn("no DWARF line table", r.stderr)
            self.assertIn("-g", r.stderr)


class BadInputTest(unittest.TestCase):
    def run_tool(self, *args):
        return subprocess.run([sys.executable, TOOL] + list(args), capture_output=True, text=True)

    def test_not_elf_truncated_missing_wrong_machine(self):
        with tempfile.TemporaryDirectory() as d:
            p = os.path.join(d, "bad")
            with open(p, "wb") as f:
                f.write(b"hello")
            r = self.run_tool(p)
            self.assertEqual(r.returncode, 1)
            self.assertIn("not an ELF file", r.stderr)
            with open(p, "wb") as f:
                f.write(b"\x7fELF" + bytes((1, 2, 1)) + bytes(9) + bytes(20))
            r = self.run_tool(p)
            self.assertEqual(r.returncode, 1)
            self.assertIn("truncated", r.stderr)
            r = self.run_tool(os.path.join(d, "missing.elf"))
            self.assertEqual(r.returncode, 1)
            self.assertIn("cannot read", r.stderr)
            build_elf(p, [(".text", 0x100, b"\0\0\0\0", AX)], [], 0x100, machine=62)
            r = self.run_tool(p)
            self.assertEqual(r.returncode, 1)
            self.assertIn("not a PowerPC ELF", r.stderr)

    def test_usage(self):
        r = self.run_tool()
        self.assertEqual(r.returncode, 2)
        r = self.run_tool("--help")
        self.assertEqual(r.returncode, 0)
        self.assertIn("measure", r.stdout)
        for sub in ("measure", "trace", "model"):
            r = self.run_tool(sub, "--help")
            self.assertEqual(r.returncode, 0, sub)
        r = self.run_tool("model")
        self.assertIn("divw", r.stdout)


class AnnotationTest(unittest.TestCase):
    def parse(self, text):
        return annotations.parse_line("/* %s */" % text, "f.c", 3)

    def value(self, text, names=None, args=None):
        a = self.parse(text)
        names = names or {}
        return annotations.evaluate(a.expr, lambda n: names[n],
                                    (lambda k: (args or {}).get(k)))

    def test_expressions(self):
        self.assertEqual(self.value("@wcet-bound 128 (longest core string)"), 128)
        self.assertEqual(self.parse("@wcet-bound 128 (longest core string)").expr_text, "128")
        self.assertEqual(self.value("@wcet-bound CONSOLE_LINE_MAX", {"CONSOLE_LINE_MAX": 96}), 96)
        self.assertEqual(self.value("@wcet-bound (E - S) / 4 (words)", {"E": 0x110, "S": 0x100}), 4)
        self.assertEqual(self.value("@wcet-bound 10 / 4"), 3)           # rounds up
        self.assertEqual(self.value("@wcet-bound max(2, 3*4, 5) + 1"), 13)
        self.assertEqual(self.value("@wcet-bound min(arg(2), 128)"), 128)
        self.assertEqual(self.value("@wcet-bound min(arg(2), 128)", args={2: 7}), 7)
        self.assertIsNone(self.value("@wcet-bound arg(1) / 32"))
        self.assertEqual(self.value("@wcet-bound arg(1) / 32", args={1: 4096}), 128)

    def test_special_and_errors(self):
        self.assertEqual(self.parse("@wcet-bound none: left by interrupt only").special, "none")
        self.assertEqual(self.parse("@wcet-bound preemptible (reload)").special, "preemptible")
        self.assertEqual(self.parse("@wcet-entry reload-finish: why").name, "reload-finish")
        with self.assertRaisesRegex(annotations.AnnotationError, "unknown annotation @wcet-foo"):
            self.parse("@wcet-foo 3")
        with self.assertRaisesRegex(annotations.AnnotationError, "needs a bound expression"):
            self.parse("@wcet-bound ???")
        self.assertIsNone(annotations.parse_line("no annotation here", "f.c", 1))

    def test_constants_from_headers(self):
        with tempfile.TemporaryDirectory() as d:
            h = os.path.join(d, "c.h")
            with open(h, "w") as f:
                f.write("#define A 8u /* x */\n#define B (A * 2u)\n#define U(x) x##u\n"
                        "#define C U(0x10)\n#define S \"str\"\n")
            c = annotations.Constants()
            c.add_file(h)
            self.assertEqual(c.value("B"), 16)
            self.assertEqual(c.value("C"), 16)
            self.assertIsNone(c.value("D"))
            with self.assertRaisesRegex(annotations.AnnotationError, "not an integer constant"):
                c.value("S")


class CfgTest(unittest.TestCase):
    """CFG, loops, calls and bounds on synthetic programs."""

    def analyse(self, text, funcs, notes=None, vectors=None, rodata=b"", start=None, ctx=()):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)
        img = Image(self.tmp.name, text, funcs, vectors, source(40, notes or {}), rodata, start)
        prog = img.program()
        return img, prog

    def test_straight_line_and_diamond(self):
        t = (Asm().label("f").li(3, 1).cmplwi(3, 2).beq("else").li(4, 1).li(5, 1).b("join")
             .label("else").li(4, 2).label("join").blr())
        img, prog = self.analyse(t, ["f"])
        r = prog.routine(img.labels["f"])
        # longest: li cmplwi beq li li b blr = 7 insns; cycles 1+1+3+1+1+3+3
        self.assertEqual(r.cost["ret"], (7, 13))
        self.assertEqual(r.loops, [])

    def test_constant_propagation_prunes_decided_branch(self):
        t = (Asm().label("f").li(3, 2).cmplwi(3, 2).beq("short").li(4, 1).li(5, 1).li(6, 1)
             .label("short").blr())
        img, prog = self.analyse(t, ["f"])
        self.assertEqual(prog.routine(img.labels["f"]).cost["ret"], (4, 8))

    def test_counted_loop(self):
        t = (Asm().label("f").li(3, 0, line=1).mtctr(4, line=2).label("loop").addi(3, 3, 1, line=3)
             .bdnz("loop", line=4).blr(line=5))
        img, prog = self.analyse(t, ["f"], {4: "bdnz loop /* @wcet-bound 10 */"})
        r = prog.routine(img.labels["f"])
        # 2 + 10 * (addi + bdnz) + (addi + bdnz) + blr
        self.assertEqual(r.cost["ret"][0], 2 + 10 * 2 + 2 + 1)
        self.assertEqual(r.cost["ret"][1], 1 + 4 + 10 * 4 + 4 + 3)
        self.assertEqual(r.loops[0].bound, 10)
        self.assertEqual(r.loops[0].source, "t.S:4")

    def test_nested_loops(self):
        t = (Asm().label("f").li(5, 0, line=1)
             .label("outer").li(6, 0, line=2)
             .label("inner").addi(6, 6, 1, line=3).cmplwi(6, 4, line=3).bne("inner", line=3)
             .addi(5, 5, 1, line=4).cmplwi(5, 3, line=4).bne("outer", line=4).blr(line=5))
        img, prog = self.analyse(t, ["f"], {3: "/* @wcet-bound 4 */", 4: "/* @wcet-bound 3 */"})
        r = prog.routine(img.labels["f"])
        inner = 4 * 3 + 3                     # bound x cycle + last pass
        outer_cycle = 1 + inner + 3          # li r6 + inner + tail of outer body
        self.assertEqual(r.cost["ret"][0], 1 + 3 * outer_cycle + outer_cycle + 1)
        self.assertEqual(sorted(L.bound for L in r.loops), [3, 4])

    def test_inner_loop_annotation_does_not_bound_the_outer_loop(self):
        t = (Asm().label("f").li(5, 0, line=1)
             .label("outer").li(6, 0, line=3)
             .label("inner").addi(6, 6, 1, line=3).cmplwi(6, 4, line=3).bne("inner", line=3)
             .addi(5, 5, 1, line=4).cmplwi(5, 3, line=4).bne("outer", line=4).blr(line=5))
        img, prog = self.analyse(t, ["f"], {3: "/* @wcet-bound 4 */"})
        with self.assertRaisesRegex(analysis.AnalysisError, "unbounded loop in f"):
            prog.routine(img.labels["f"])

    def test_annotation_in_the_body_only_is_not_enough(self):
        t = (Asm().label("f").label("l").addi(3, 3, 1, line=6).nop(line=8).bdnz("l", line=7)
             .blr(line=9))
        img, prog = self.analyse(t, ["f"], {8: "/* @wcet-bound 3 */"})
        with self.assertRaisesRegex(analysis.AnalysisError, "other lines of its body"):
            prog.routine(img.labels["f"])

    def test_unbounded_loop_names_function_address_and_line(self):
        t = Asm().label("f").label("l").addi(3, 3, 1, line=6).b("l", line=7)
        img, prog = self.analyse(t, ["f"])
        with self.assertRaises(analysis.AnalysisError) as cm:
            prog.routine(img.labels["f"])
        msg = str(cm.exception)
        self.assertIn("unbounded loop in f", msg)
        self.assertIn("0x%08x" % img.labels["f"], msg)
        self.assertIn("t.S:6", msg)

    def test_conflicting_annotations(self):
        t = Asm().label("f").label("l").addi(3, 3, 1, line=6).bdnz("l", line=7).blr(line=8)
        img, prog = self.analyse(t, ["f"], {6: "/* @wcet-bound 2 */", 7: "/* @wcet-bound 3 */"})
        with self.assertRaisesRegex(analysis.AnalysisError, "conflicting"):
            prog.routine(img.labels["f"])

    def test_calls_tail_calls_and_noreturn(self):
        t = (Asm().label("g").li(3, 1).blr()
             .label("halt").label("spin").b("spin", line=9)
             .label("f").bl("g").bl("g").b("g")
             .label("h").cmplwi(3, 0).beq("dead").bl("halt").label("dead").blr())
        img, prog = self.analyse(t, ["g", "halt", "f", "h"],
                                 {9: "b . /* @wcet-bound none: stops */"})
        g = prog.routine(img.labels["g"])
        self.assertEqual(g.cost["ret"], (2, 4))
        f = prog.routine(img.labels["f"])
        self.assertEqual(f.cost["ret"][0], 3 * 1 + 3 * 2)
        halt = prog.routine(img.labels["halt"])
        self.assertNotIn("ret", halt.cost)
        self.assertEqual(halt.cost["stop"], (1, 3))
        h = prog.routine(img.labels["h"])
        # after `bl halt` nothing follows: that path stops
        self.assertEqual(h.cost["stop"][0], 3 + 1)
        self.assertEqual(h.cost["ret"][0], 3)
        self.assertFalse(prog.cfg(img.labels["halt"]).may_return)

    def test_recursion_is_refused(self):
        t = (Asm().label("a").bl("b").blr().label("b").bl("a").blr())
        img, prog = self.analyse(t, ["a", "b"])
        with self.assertRaisesRegex(analysis.AnalysisError, "recursion: a -> b -> a"):
            prog.routine(img.labels["a"])

    def test_irreducible_flow_is_refused(self):
        t = (Asm().label("f").cmplwi(3, 0).beq("y").label("x").addi(4, 4, 1).b("y")
             .label("y").addi(5, 5, 1).bne("x").blr())
        img, prog = self.analyse(t, ["f"])
        with self.assertRaisesRegex(analysis.AnalysisError, "irreducible"):
            prog.routine(img.labels["f"])

    def jump_table_program(self, with_check=True):
        t = Asm().label("f")
        if with_check:
            t.cmplwi(3, 2, crf=7).bgt("dflt", cr=7)
        (t.lis(9, RODATA_BASE >> 16).addi(9, 9, RODATA_BASE & 0xFFFF).slwi(10, 3, 2)
         .lwzx(10, 9, 10).add(10, 10, 9).mtctr(10).bctr()
         .label("c0").li(4, 0).blr()
         .label("c1").li(4, 1).li(4, 1).li(4, 1).blr()
         .label("c2").li(4, 2).blr()
         .label("dflt").li(4, 9).blr())
        labels = t.layout(TEXT_BASE)
        table = b"".join(struct.pack(">i", labels[c] - RODATA_BASE) for c in ("c0", "c1", "c2"))
        return t, table

    def test_jump_table(self):
        t, table = self.jump_table_program()
        img, prog = self.analyse(t, ["f"], rodata=table)
        r = prog.routine(img.labels["f"])
        g = prog.cfg(img.labels["f"])
        self.assertEqual(len(g.jump_tables), 1)
        _at, tbl, _chk, targets = g.jump_tables[0]
        self.assertEqual(tbl, RODATA_BASE)
        self.assertEqual(targets, [img.labels[c] for c in ("c0", "c1", "c2")])
        self.assertEqual(r.cost["ret"][0], 9 + 4)            # dispatch + case c1
        # a known index selects one case: f(r3=2)
        r2 = prog.routine(img.labels["f"], ((3, 2),))
        self.assertEqual(r2.cost["ret"][0], 9 + 2)
        r9 = prog.routine(img.labels["f"], ((3, 7),))       # out of range: default only
        self.assertEqual(r9.cost["ret"][0], 2 + 2)

    def test_unresolved_indirect_branch_names_address(self):
        t, table = self.jump_table_program(with_check=False)
        img, prog = self.analyse(t, ["f"], rodata=table)
        with self.assertRaises(analysis.AnalysisError) as cm:
            prog.routine(img.labels["f"])
        self.assertIn("unresolved indirect branch `bctr`", str(cm.exception))
        self.assertIn("0x%08x" % (img.labels["f"] + 24), str(cm.exception))

    def test_indirect_call_is_an_error(self):
        t = Asm().label("f").word(0x4E800421).blr()
        img, prog = self.analyse(t, ["f"])
        with self.assertRaisesRegex(analysis.AnalysisError, "unresolved indirect branch or call"):
            prog.routine(img.labels["f"])

    def test_argument_dependent_bound(self):
        t = (Asm().label("w").mtctr(4, line=1).label("l").nop(line=2).bdnz("l", line=2).blr(line=3)
             .label("f").li(4, 5).bl("w").li(4, 50).bl("w").blr()
             .label("u").bl("w").blr())
        img, prog = self.analyse(t, ["w", "f", "u"], {2: "/* @wcet-bound min(arg(2), 20) */"})
        f = prog.routine(img.labels["f"])
        w5 = prog.routine(img.labels["w"], ((4, 5),))
        w50 = prog.routine(img.labels["w"], ((4, 50),))
        self.assertEqual(w5.cost["ret"][0], 1 + 5 * 2 + 2 + 1)
        self.assertEqual(w50.cost["ret"][0], 1 + 20 * 2 + 2 + 1)
        self.assertEqual(f.cost["ret"][0], 4 + 1 + w5.cost["ret"][0] + w50.cost["ret"][0])
        u = prog.routine(img.labels["u"])
        self.assertEqual(u.cost["ret"][0], 2 + w50.cost["ret"][0])

    def test_uncapped_argument_bound(self):
        t = (Asm().label("w").mtctr(4, line=1).label("l").nop(line=2).bdnz("l", line=2).blr(line=3)
             .label("_start").li(4, 5).bl("w").b("exit").label("exit").rfi())
        _img, prog = self.analyse(t, ["w", "_start", "exit"], {2: "/* @wcet-bound arg(2) */"},
                                  start="_start")
        paths, errors = cli.analyse(prog)
        self.assertEqual(errors, [])
        self.assertEqual(paths[0]["rfi"][0], 2 + (1 + 5 * 2 + 2 + 1) + 2)
        cli.functions(prog)   # w alone: its argument is unknown
        self.assertEqual(len(prog.function_errors), 1)
        self.assertIn("function w:", prog.function_errors[0])
        self.assertIn("cap it", prog.function_errors[0])

    def test_preemptible_loop_on_a_path_is_an_error(self):
        t = Asm().label("f").label("l").nop(line=2).bdnz("l", line=2).blr()
        img, prog = self.analyse(t, ["f"], {2: "/* @wcet-bound preemptible: reload only */"})
        with self.assertRaisesRegex(analysis.AnalysisError, "preemptible"):
            prog.routine(img.labels["f"])

    def test_vector_paths_with_cause_constants(self):
        t = (Asm().label("entry").bl("trap").label("exit").rfi()
             .label("trap").cmplwi(3, 9).beq("pit").li(5, 1).li(5, 1).li(5, 1).li(5, 1).blr()
             .label("pit").blr()
             .label("_start").li(3, 0).b("exit"))
        vec = {0x100: Asm().li(3, 1).b("entry"), 0x200: Asm().li(3, 9).b("entry")}
        _img, prog = self.analyse(t, ["entry", "exit", "trap", "_start"], vectors=vec,
                                  start="_start")
        slots = [(a, n) for a, n, _o in prog.vector_slots()]
        self.assertEqual(slots, [(0x100, "critical-input"), (0x200, "machine-check")])
        paths, errors = cli.analyse(prog)
        self.assertEqual(errors, [])
        by = {p["name"]: p for p in paths}
        self.assertEqual(by["vector 0x0100 critical-input"]["rfi"][0], 2 + 1 + 7 + 1)
        self.assertEqual(by["vector 0x0200 machine-check"]["rfi"][0], 2 + 1 + 3 + 1)
        self.assertEqual(by["boot _start"]["rfi"][0], 3)


class CliTest(unittest.TestCase):
    def image(self, d):
        t = (Asm().label("_start").li(3, 0, line=1).b("exit", line=2)
             .label("exit").rfi(line=3)
             .label("trap").mtctr(4, line=4).label("l").nop(line=5).bdnz("l", line=5)
             .b("exit", line=6))
        vec = {0x700: Asm().li(3, 7).b("trap")}
        return Image(d, t, ["_start", "exit", "trap"], vec,
                     source(10, {5: "/* @wcet-bound LIMIT */"}))

    def test_table_json_and_stable_output(self):
        with tempfile.TemporaryDirectory() as d:
            with open(os.path.join(d, "limits.h"), "w") as f:
                f.write("#define LIMIT 5u\n")
            img = self.image(d)
            a, b = os.path.join(d, "a.json"), os.path.join(d, "b.json")
            r1 = img.cli("--json", a)
            r2 = img.cli("--json", b)
            self.assertEqual(r1.returncode, 0, r1.stderr)
            self.assertEqual(r1.stdout, r2.stdout)
            self.assertEqual(read(a), read(b))
            data = json.loads(read(a))
            names = [p["name"] for p in data["paths"]]
            self.assertEqual(names, ["boot _start", "vector 0x0700 program"])
            prog_path = data["paths"][1]
            self.assertEqual(prog_path["rfi"]["instructions"], 2 + 1 + 5 * 2 + 2 + 1 + 1)
            self.assertEqual(data["loops"][0]["bound"], 5)
            self.assertIn("vector 0x0700 program", r1.stdout)

    def test_explain(self):
        with tempfile.TemporaryDirectory() as d:
            with open(os.path.join(d, "limits.h"), "w") as f:
                f.write("#define LIMIT 5u\n")
            img = self.image(d)
            r = img.cli("--explain", "0x0700", "--paths-only")
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertIn("worst path of vector 0x0700 program to rfi", r.stdout)
            self.assertIn("5 iterations x 2 instructions", r.stdout)
            r = img.cli("--explain", "nothing-like-this")
            self.assertEqual(r.returncode, 2)

    def test_unbounded_loop_exit_status(self):
        with tempfile.TemporaryDirectory() as d:
            img = self.image(d)  # no limits.h: LIMIT is unknown
            r = img.cli()
            self.assertEqual(r.returncode, 1)
            self.assertIn("unknown name 'LIMIT'", r.stderr)

    def test_measure_compares_bounds(self):
        with tempfile.TemporaryDirectory() as d:
            with open(os.path.join(d, "limits.h"), "w") as f:
                f.write("#define LIMIT 5u\n")
            img = self.image(d)
            L = img.labels
            loop = [L["l"], L["l"] + 4]
            run = [0x700, 0x704, L["trap"]] + loop * 3 + [L["l"] + 8, L["exit"]]
            pcs = [L["_start"], L["_start"] + 4, L["exit"]] + run
            trace = os.path.join(d, "t.pcs")
            with open(trace, "w") as f:
                f.write(measure.PCS_HEADER + "\n" + "".join("%x\n" % p for p in pcs))
            out = os.path.join(d, "m.json")
            r = subprocess.run([sys.executable, TOOL, "measure", img.path, trace, "--root", d,
                                "--include", d, "--json", out], capture_output=True, text=True)
            self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
            rows = {row["path"]: row for row in json.loads(read(out))["rows"]}
            self.assertEqual(rows["vector 0x0700 program"]["measured"], len(run))
            self.assertEqual(rows["boot _start"]["measured"], 3)
            # a run longer than the bound is a violation
            long_run = [0x700, 0x704, L["trap"]] + loop * 9 + [L["l"] + 8, L["exit"]]
            with open(trace, "w") as f:
                f.write(measure.PCS_HEADER + "\n" + "".join("%x\n" % p for p in long_run))
            r = subprocess.run([sys.executable, TOOL, "measure", img.path, trace, "--root", d,
                                "--include", d], capture_output=True, text=True)
            self.assertEqual(r.returncode, 1)
            self.assertIn("VIOLATION: vector 0x0700 program", r.stdout)


class TraceParseTest(unittest.TestCase):
    def test_qemu_lines(self):
        lines = [
            "Trace 0: 0x7f00 [00000000/000020f4/6c000002/ff020201] _start\n",
            "Trace 0: 0x7f01 [00000000/00002ec4/6c000002/ff020201] \n",
            "cpu_io_recompile: rewound execution of TB to 00002ec4\n",
            "Trace 0: 0x7f02 [00000000/00002ec4/6c000002/ff038201] \n",
            "Trace 0: 0x7f03 [00000000/000023b4/00004012/ff020201] \n",   # guest (MSR[PR]=1)
            "Trace 0: 0x7f04 [00000000/00001000/6c000002/ff020201] \n",
            "Stopped execution of TB chain before 0x7f05 [00001000] \n",
            "Trace 0: 0x7f06 [00000000/00001000/6c000002/ff020201] \n",
        ]
        self.assertEqual(list(measure.core_pcs(lines)), [0x20F4, 0x2EC4, 0x1000])
        with self.assertRaises(measure.TraceError):
            list(measure.core_pcs(["Trace 0: garbage\n"]))

    def test_segmenter(self):
        seg = measure.Segmenter({0x100: "v1", 0x200: "v2"}, {0x50: "e"}, (0x10, "boot"),
                                {0x20}, {0x30})
        seg.feed([0x10, 0x14, 0x20,            # boot: 3 to rfi
                  0x50, 0x54, 0x20,            # entry e: 3
                  0x100, 0x104, 0x200, 0x20,   # v1 cut by v2; v2: 2
                  0x100, 0x30,                 # v1 to halt: 2
                  0x200, 0x204])               # v2 unfinished: cut
        res = seg.finish()
        self.assertEqual(res["boot"]["rfi"], [3])
        self.assertEqual(res["e"]["rfi"], [3])
        self.assertEqual(res["v1"], {"rfi": [], "stop": [2], "cut": 1})
        self.assertEqual(res["v2"], {"rfi": [2], "stop": [], "cut": 1})


# A stand-in for qemu-system-ppc: writes the exec-trace lines of the pcs in
# $FAKE_QEMU_PCS (hexadecimal, comma-separated; "g:PC" is a guest line)
# to the -D log, repeated $FAKE_QEMU_REPEAT times, then sleeps
# $FAKE_QEMU_SLEEP seconds (a machine that runs on) or exits.
FAKE_QEMU = """#!%s
import os, sys, time
argv = sys.argv
log = argv[argv.index("-D") + 1]
with open(os.path.join(os.environ["FAKE_QEMU_DIR"], "argv"), "w") as f:
    f.write(" ".join(argv[1:]))
pcs = os.environ["FAKE_QEMU_PCS"].split(",")
with open(log, "w") as f:
    for _ in range(int(os.environ.get("FAKE_QEMU_REPEAT", "1"))):
        for p in pcs:
            guest = p.startswith("g:")
            flags = "00004012" if guest else "6c000002"
            f.write("Trace 0: 0x7f00 [00000000/%%08x/%%s/ff020201] \\n" %% (int(p[2:] if guest else p, 16), flags))
    f.flush()
    time.sleep(float(os.environ.get("FAKE_QEMU_SLEEP", "0")))
sys.exit(int(os.environ.get("FAKE_QEMU_STATUS", "0")))
""" % sys.executable


class TraceRunTest(unittest.TestCase):
    """`trace` against a fake QEMU: its budget of lines, the halt, QEMU's
    exit and the timeout, which fails the run."""

    def setUp(self):
        self.d = tempfile.mkdtemp(prefix="wcet-trace-test-")
        self.addCleanup(shutil.rmtree, self.d)
        t = (Asm().label("_start").li(3, 0, line=1).b("exit", line=2)
             .label("exit").rfi(line=3)
             .label("trap").nop(line=4).b("exit", line=5)
             .label("halt").label("spin").b("spin", line=9))
        vec = {0x700: Asm().li(3, 7).b("trap"), 0x300: Asm().li(3, 3).b("halt")}
        self.img = Image(self.d, t, ["_start", "exit", "trap", "halt"], vec,
                         source(10, {9: "b . /* @wcet-bound none: the machine stops */"}))
        self.qemu = os.path.join(self.d, "qemu")
        with open(self.qemu, "w") as f:
            f.write(FAKE_QEMU)
        os.chmod(self.qemu, 0o755)
        self.out = os.path.join(self.d, "core.pcs")
        L = self.img.labels
        self.boot = [L["_start"], L["_start"] + 4, L["exit"]]
        self.prog = [0x700, 0x704, L["trap"], L["trap"] + 4, L["exit"]]

    def trace(self, pcs, *args, sleep=30, repeat=1, status=0):
        env = dict(os.environ, FAKE_QEMU_DIR=self.d, FAKE_QEMU_SLEEP=str(sleep),
                   FAKE_QEMU_REPEAT=str(repeat), FAKE_QEMU_STATUS=str(status),
                   FAKE_QEMU_PCS=",".join(p if isinstance(p, str) else "%x" % p for p in pcs))
        return subprocess.run([sys.executable, TOOL, "trace", "-o", self.out, "--qemu", self.qemu]
                              + list(args) + [self.img.path, "--root", self.d, "--include",
                                              self.d], capture_output=True, text=True, env=env)

    def pcs(self):
        info = {}
        return measure.read_pcs(self.out, info), info

    @staticmethod
    def ends(info):
        return {k: info[k] for k in measure.END_KEYS}

    def argv_dfilter(self):
        argv = read(os.path.join(self.d, "argv")).split()
        return argv[argv.index("-dfilter") + 1]

    def test_ranges_and_header(self):
        # by default every executable section but the untraced functions
        # (idle_loop, absent here): the ranges coverage_target.py needs
        import hashlib
        L = self.img.labels
        r = self.trace(self.boot, "--lines", "1000", sleep=0)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        _pcs, info = self.pcs()
        end = L["spin"] + 4
        self.assertEqual(info["dfilter"], "0x0..0x%x" % (end - 1))
        self.assertEqual(self.argv_dfilter(), info["dfilter"])
        self.assertEqual(info["untraced"], [])
        with open(self.img.path, "rb") as f:
            self.assertEqual(info["elf_sha256"], hashlib.sha256(f.read()).hexdigest())
        # --untraced leaves a function's extent out (to the next symbol)
        r = self.trace(self.boot, "--lines", "1000", "--untraced", "trap", sleep=0)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        _pcs, info = self.pcs()
        self.assertEqual(info["dfilter"], "0x0..0x%x,0x%x..0x%x" % (L["trap"] - 1, L["halt"],
                                                                    end - 1))
        self.assertEqual(self.argv_dfilter(), info["dfilter"])
        self.assertEqual(info["untraced"], ["trap"])
        # --path-ranges: the code the analysed paths reach, recorded as such
        r = self.trace(self.boot, "--lines", "1000", "--path-ranges", sleep=0)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        _pcs, info = self.pcs()
        self.assertTrue(info["path_ranges"])
        self.assertNotIn("untraced", info)
        prog = self.img.program()
        cli.analyse(prog)
        self.assertEqual(info["dfilter"], measure.dfilter(measure.code_ranges(prog)))
        self.assertEqual(self.argv_dfilter(), info["dfilter"])
        r = self.trace(self.boot, "--path-ranges", "--untraced", "trap")
        self.assertEqual(r.returncode, 2)
        self.assertIn("--path-ranges and --untraced", r.stderr)

    def test_one_trace_for_measure_and_coverage(self):
        # coverage_target.py runs the same trace as `trace` (command, budget,
        # halt): its own run and its reading of the `trace` file agree
        L = self.img.labels
        spin = L["spin"]
        cov = os.path.join(REPO, "tools", "evidence", "coverage_target.py")
        for pcs, lines, sleep in ((self.boot + ["g:10"] + self.prog, "12", 30),
                                  (self.boot + [0x300, 0x304, spin, spin, spin], "1000", 30),
                                  (self.boot + self.prog, "1000", 0)):
            r = self.trace(pcs, "--lines", lines, sleep=sleep, repeat=3)
            self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
            trace_argv = read(os.path.join(self.d, "argv")).split()
            env = dict(os.environ, FAKE_QEMU_DIR=self.d, FAKE_QEMU_SLEEP=str(sleep),
                       FAKE_QEMU_REPEAT="3", FAKE_QEMU_STATUS="0",
                       FAKE_QEMU_PCS=",".join(p if isinstance(p, str) else "%x" % p
                                              for p in pcs))
            own, from_pcs = os.path.join(self.d, "own.json"), os.path.join(self.d, "pcs.json")
            r = subprocess.run([sys.executable, cov, self.img.path, "-o", own, "--qemu",
                                self.qemu, "--serial", self.out + ".serial", "--timeout", "30",
                                "--lines", lines], capture_output=True, text=True, env=env)
            self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
            cov_argv = read(os.path.join(self.d, "argv")).split()
            self.assertEqual(cov_argv[:-1], trace_argv[:-1])      # all but the -D FIFO
            r = subprocess.run([sys.executable, cov, self.img.path, "-o", from_pcs,
                                "--pcs", self.out], capture_output=True, text=True)
            self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
            a, b = json.loads(read(own)), json.loads(read(from_pcs))
            self.assertEqual(a["trace"].pop("source"), "qemu")
            self.assertEqual(b["trace"].pop("source"), "pcs")
            self.assertEqual(a, b, pcs)

    def test_budget_ends_the_trace(self):
        # 3 + 5 core lines and 2 guest lines, 4 times: a budget of 12 lines
        # keeps the first 12 (guest lines count), whatever the machine's speed
        run = self.boot + ["g:10", "g:14"] + self.prog
        r = self.trace(run, "--lines", "12", repeat=4)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        pcs, info = self.pcs()
        self.assertEqual(pcs, self.boot + self.prog + self.boot[:2])
        self.assertEqual(self.ends(info), {"end": "budget", "lines": 12, "budget": 12, "core": 10})
        self.assertIn("-icount shift=0,sleep=off", read(os.path.join(self.d, "argv")))
        with open(self.out) as f:
            self.assertIn("budget 12 lines", f.readline())
        self.assertIn("12 lines of 12 (budget)", r.stdout)
        # the same budget, the same bytes
        with open(self.out, "rb") as f:
            first = f.read()
        r = self.trace(run, "--lines", "12", repeat=4)
        with open(self.out, "rb") as f:
            self.assertEqual(f.read(), first)

    def test_halt_and_exit_end_the_trace(self):
        L = self.img.labels
        spin = L["spin"]
        r = self.trace(self.boot + [0x300, 0x304, spin, spin, spin], "--lines", "1000")
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        pcs, info = self.pcs()
        self.assertEqual(pcs, self.boot + [0x300, 0x304, spin])
        self.assertEqual(info["end"], "halt")
        r = self.trace(self.boot + self.prog, "--lines", "1000", sleep=0)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        pcs, info = self.pcs()
        self.assertEqual(pcs, self.boot + self.prog)
        self.assertEqual(self.ends(info), {"end": "exit", "lines": 8, "budget": 1000, "core": 8})
        # measure reports how the trace ended
        m = os.path.join(self.d, "m.json")
        r = subprocess.run([sys.executable, TOOL, "measure", self.img.path, self.out, "--root",
                            self.d, "--include", self.d, "--json", m], capture_output=True,
                           text=True)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertEqual(json.loads(read(m))["trace_ends"], [
            {"file": self.out, "end": "exit", "lines": 8, "budget": 1000, "core": 8}])
        self.assertIn("8 lines of a budget of 1000 (ended by exit)", r.stdout)

    def test_timeout_fails_and_writes_nothing(self):
        with open(self.out, "w") as f:
            f.write("stale\n")
        r = self.trace(self.boot, "--lines", "1000", "--seconds", "1", sleep=30)
        self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
        self.assertIn("the trace reached neither its budget of 1000 lines nor a halt within the "
                      "timeout of 1 s (3 lines traced): raise --seconds", r.stderr)
        self.assertFalse(os.path.exists(self.out))
        self.assertFalse(os.path.exists(self.out + ".part"))

    def test_qemu_failure(self):
        r = self.trace(self.boot, "--lines", "1000", sleep=0, status=3)
        self.assertEqual(r.returncode, 1)
        self.assertIn("qemu exited with status 3", r.stderr)
        self.assertFalse(os.path.exists(self.out))
        r = self.trace(self.boot, "--qemu", os.path.join(self.d, "no-such-qemu"))
        self.assertEqual(r.returncode, 1)
        self.assertIn("cannot start", r.stderr)

    def test_bad_budget_and_timeout(self):
        for args, msg in ((("--lines", "0"), "the budget must be at least 1 line"),
                          (("--lines", "lots"), "'lots' is not a number of lines"),
                          (("--seconds", "0"), "the timeout must be a positive number")):
            r = self.trace(self.boot, *args)
            self.assertEqual(r.returncode, 2, args)
            self.assertIn(msg, r.stderr, args)
            self.assertNotIn("Traceback", r.stderr)
        r = subprocess.run([sys.executable, TOOL, "trace", "--help"], capture_output=True,
                           text=True)
        self.assertIn("--lines N", r.stdout)
        self.assertIn("timeout", r.stdout)

    def test_budget_parsing(self):
        self.assertEqual(measure.parse_positive_int("2_500_000"), 2500000)
        self.assertEqual(measure.parse_positive_int("6e6"), 6000000)
        self.assertEqual(measure.parse_positive_int("7"), 7)
        for bad, msg in (("0", "at least 1 line"), ("-5", "at least 1 line"),
                         ("0e3", "at least 1 line"), ("1.5", "not a whole number"),
                         ("nan", "not a whole number"), ("inf", "not a whole number"),
                         ("", "not a number"), ("x", "not a number")):
            with self.assertRaisesRegex(argparse.ArgumentTypeError, msg, msg=bad):
                measure.parse_positive_int(bad)
        self.assertEqual(measure.parse_seconds("2.5"), 2.5)
        for bad in ("0", "-1", "inf", "nan", "soon"):
            with self.assertRaises(argparse.ArgumentTypeError, msg=bad):
                measure.parse_seconds(bad)


class LineBudgetTest(unittest.TestCase):
    def test_counts_trace_lines_only(self):
        lines = ["Trace a\n", "cpu_io_recompile: rewound\n", "Trace b\n", "Trace c\n",
                 "Stopped execution\n"]
        b = measure.LineBudget(lines, 2)
        self.assertEqual(list(b), lines[:3])
        self.assertTrue(b.reached)
        self.assertEqual(b.seen, 2)
        b = measure.LineBudget(lines, 3)
        self.assertEqual(list(b), lines)
        self.assertFalse(b.reached)

    def test_until_halt(self):
        state = {"halted": False}
        out = list(measure.until_halt([1, 2, 9, 5, 9, 9, 9], {9}, state))
        self.assertEqual(out, [1, 2, 9, 5, 9])
        self.assertTrue(state["halted"])
        state = {"halted": False}
        self.assertEqual(list(measure.until_halt([3, 3, 4], {9}, state)), [3, 3, 4])
        self.assertFalse(state["halted"])


@unittest.skipUnless(os.path.exists(DEMO), "build/demo/proteus.elf not built")
class DemoIntegrationTest(unittest.TestCase):
    def test_demo_image(self):
        elf = elfread.load(DEMO)
        if elf.section(".debug_line") is None:
            r = subprocess.run([sys.executable, TOOL, DEMO], capture_output=True, text=True,
                               cwd=REPO)
            self.assertEqual(r.returncode, 1)
            self.assertIn("build the core with -g", r.stderr)
            return
        with tempfile.TemporaryDirectory() as d:
            out = os.path.join(d, "w.json")
            r = subprocess.run([sys.executable, TOOL, DEMO, "--json", out], capture_output=True,
                               text=True, cwd=REPO)
            self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
            data = json.loads(read(out))
        paths = {p["name"]: p for p in data["paths"]}
        for name in ("vector 0x1000 pit", "vector 0x0700 program", "vector 0x1100 dtlb-miss",
                     "vector 0x1200 itlb-miss", "boot _start"):
            self.assertIn(name, paths)
            self.assertIsNotNone(paths[name]["rfi"], name)
        self.assertIsNone(paths["vector 0x0100 critical-input"]["rfi"])  # always a panic
        # spec/architecture.md (SCHED-004): every non-preemptible path of the
        # core stays below the window-start jitter bound, 2,500 ticks =
        # 7,500 instructions (boot runs before the first window).
        for name, p in paths.items():
            for end in ("rfi", "stop"):
                if p[end] is not None and name != "boot _start":
                    self.assertLess(p[end]["instructions"], 7500, "%s to %s" % (name, end))
        # -fno-jump-tables: every switch is a compare chain
        self.assertEqual(data["jump_tables"], [])

    @unittest.skipUnless(shutil.which("qemu-system-ppc"), "qemu-system-ppc not installed")
    def test_trace_and_measure_on_qemu(self):
        if elfread.load(DEMO).section(".debug_line") is None:
            self.skipTest("build/demo/proteus.elf has no line table (built without -g)")
        with tempfile.TemporaryDirectory() as d:
            pcs = os.path.join(d, "demo.pcs")
            # 200,000 lines: the boot, the first hypercalls (a few seconds)
            r = subprocess.run([sys.executable, TOOL, "trace", DEMO, "-o", pcs, "--lines",
                                "200000"], capture_output=True, text=True, cwd=REPO)
            self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
            with open(pcs, "rb") as f:
                first = f.read()
            r = subprocess.run([sys.executable, TOOL, "trace", DEMO, "-o", pcs, "--lines",
                                "200000"], capture_output=True, text=True, cwd=REPO)
            self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
            with open(pcs, "rb") as f:
                self.assertEqual(f.read(), first)       # deterministic: the same budget, the same trace
            out = os.path.join(d, "m.json")
            r = subprocess.run([sys.executable, TOOL, "measure", DEMO, pcs, "--json", out],
                               capture_output=True, text=True, cwd=REPO)
            self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
            rows = {(row["path"], row["end"]): row for row in json.loads(read(out))["rows"]}
        boot = rows[("boot _start", "rfi")]
        self.assertGreater(boot["measured"], 1000)
        self.assertLessEqual(boot["measured"], boot["bound"])


if __name__ == "__main__":
    unittest.main()
