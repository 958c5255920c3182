"""Tests of tools/footprint (the core's memory footprint, feature by feature).

@req FOOT-001 (the footprint of the core per build-time feature, next to the
     paper's Table 2, with the excluded rows reported on their own)

The parsing and the measurement run on captured readelf/nm text
(tests/tools/fixtures/footprint: demo.* captured from build/demo/proteus.elf,
small.* a small image written by hand whose numbers are worked out in
SmallImageTest, with its gen/ files and its asm-offsets.h), so no cross
toolchain is needed.  The command line runs
end to end with a fake make, readelf and nm written to a temporary
directory.  One integration test measures build/demo/proteus.elf when it
exists and the cross binutils are installed.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TOOL = os.path.join(REPO, "tools", "footprint")
FIXTURES = os.path.join(REPO, "tests", "tools", "fixtures", "footprint")
DEMO = os.path.join(REPO, "build", "demo", "proteus.elf")
CROSS = os.environ.get("CROSS") or "powerpc-linux-gnu-"

sys.path.insert(0, TOOL)
import fpcli  # noqa: E402
import fpmeasure  # noqa: E402
import fpreport  # noqa: E402
import fpvariants  # noqa: E402

sys.path.insert(0, os.path.join(REPO, "tools", "config"))
import configc  # noqa: E402


def fixture(name):
    with open(os.path.join(FIXTURES, name)) as f:
        return f.read()


def small_inputs():
    return dict(sections=fpmeasure.parse_sections(fixture("small.readelf-S.txt")),
                dumps=fpmeasure.parse_hexdump(fixture("small.readelf-x.txt")),
                symbols=fpmeasure.parse_symbols(fixture("small.nm.txt")),
                num_partitions=fpmeasure.parse_num_partitions(fixture("small.config.h")),
                image_symbols=fpmeasure.parse_image_symbols(fixture("small.images.S")),
                table_symbols=fpmeasure.parse_table_symbols(fixture("small.config_data.c")),
                sizes=fpmeasure.parse_sizes(fixture("small.asm-offsets.h")))


# ---------------------------------------------------------------- parsing ---
class ParseTest(unittest.TestCase):
    def test_sections_of_the_demo_image(self):
        sections = fpmeasure.parse_sections(fixture("demo.readelf-S.txt"))
        names = [s["name"] for s in sections]
        self.assertEqual(names[:6], [".vectors", ".text", ".rodata", ".images", ".bss", ".stack"])
        self.assertIn(".debug_str", names)
        by = {s["name"]: s for s in sections}
        self.assertEqual(by[".text"]["size"], 0x247C)
        self.assertEqual(by[".bss"]["type"], "NOBITS")
        self.assertTrue(fpmeasure.is_exec(by[".vectors"]))
        self.assertFalse(fpmeasure.is_exec(by[".rodata"]))
        self.assertTrue(fpmeasure.is_alloc(by[".stack"]))
        self.assertFalse(fpmeasure.is_alloc(by[".debug_str"]))   # flags MS
        self.assertFalse(fpmeasure.is_alloc(by[".symtab"]))      # no flags

    def test_no_section_table_is_an_error(self):
        with self.assertRaisesRegex(fpmeasure.MeasureError, "no section headers"):
            fpmeasure.parse_sections("readelf: Error: Not an ELF file\n")

    def test_symbols_of_the_demo_image(self):
        symbols = fpmeasure.parse_symbols(fixture("demo.nm.txt"))
        by = {s["name"]: s for s in symbols}
        self.assertEqual(by["partitions"]["size"], 0xEB8)
        self.assertEqual(by["cfg_image_blob"]["type"], "R")
        self.assertIsNone(by["__stack_top"]["size"])          # a linker-script symbol
        self.assertIsNone(by["reload_stacks"]["size"])        # an assembly label

    def test_undefined_symbols_are_left_out(self):
        names = [s["name"] for s in fpmeasure.parse_symbols(fixture("small.nm.txt"))]
        self.assertNotIn("undefined_here", names)
        with self.assertRaisesRegex(fpmeasure.MeasureError, "no symbols"):
            fpmeasure.parse_symbols("         U x\n")

    def test_hexdump_with_a_partial_last_line(self):
        dumps = fpmeasure.parse_hexdump(fixture("demo.readelf-x-tail.txt"))
        start, data = dumps[".text"]
        self.assertEqual(start, 0x48AC)
        self.assertEqual(len(data), 44)
        self.assertEqual(data[-4:], bytes.fromhex("4e800020"))   # blr, then the ASCII column

    def test_hexdump_gap_is_an_error(self):
        text = ("Hex dump of section '.text':\n"
                "  0x00000000 00000000 00000000 00000000 00000000 ................\n"
                "  0x00000020 00000000 00000000 00000000 00000000 ................\n")
        with self.assertRaisesRegex(fpmeasure.MeasureError, "not contiguous at 0x00000020"):
            fpmeasure.parse_hexdump(text)

    def test_zero_words_are_counted_on_aligned_words(self):
        self.assertEqual(fpmeasure.zero_words(0, bytes(8) + b"\1\0\0\0" + bytes(3)), 2)
        # loaded at 2: the aligned words start at offset 2
        self.assertEqual(fpmeasure.zero_words(2, b"\1\1" + bytes(4) + b"\0\0\0\1"), 1)

    def test_generated_files(self):
        self.assertEqual(fpmeasure.parse_num_partitions(fixture("small.config.h")), 2)
        self.assertEqual(fpmeasure.parse_image_symbols(fixture("small.images.S")), ["cfg_image_blob"])
        self.assertEqual(fpmeasure.parse_table_symbols(fixture("small.config_data.c")),
                         ["cfg_partitions", "cfg_regions"])
        with self.assertRaisesRegex(fpmeasure.MeasureError, "CONFIG_NUM_PARTITIONS"):
            fpmeasure.parse_num_partitions("#define CONFIG_NUM_REGIONS 2u\n")
        with self.assertRaisesRegex(fpmeasure.MeasureError, "CONFIG_NUM_PARTITIONS is 0"):
            fpmeasure.parse_num_partitions("#define CONFIG_NUM_PARTITIONS 0u\n")
        with self.assertRaisesRegex(fpmeasure.MeasureError, "no .globl"):
            fpmeasure.parse_image_symbols("    .section .images\n")
        with self.assertRaisesRegex(fpmeasure.MeasureError, "no cfg_"):
            fpmeasure.parse_table_symbols("int x = 1;\n")

    def test_structure_sizes(self):
        self.assertEqual(fpmeasure.parse_sizes(fixture("small.asm-offsets.h")),
                         {"ctx": 8, "vcpu": 8, "partition": 24})
        text = "#define SIZEOF_CTX 160\n#define SIZEOF_VCPU 144\n#define SIZEOF_PARTITION 412\n"
        self.assertEqual(fpmeasure.parse_sizes(text), {"ctx": 160, "vcpu": 144, "partition": 412})
        for macro in ("SIZEOF_CTX", "SIZEOF_VCPU", "SIZEOF_PARTITION"):
            with self.subTest(macro=macro):
                without = "".join(l + "\n" for l in text.splitlines() if macro + " " not in l)
                with self.assertRaisesRegex(fpmeasure.MeasureError, "no %s in asm-offsets.h "
                                            "\\(kernel/arch/ppc405/asm-offsets.c exports it"
                                            % macro):
                    fpmeasure.parse_sizes(without)
        with self.assertRaisesRegex(fpmeasure.MeasureError, "SIZEOF_CTX 160 \\+ SIZEOF_VCPU 144 "
                                    "exceed SIZEOF_PARTITION 300"):
            fpmeasure.parse_sizes(text.replace("412", "300"))

    def test_the_sizes_asmoffsets_writes_are_read(self):
        """tools/asmoffsets renders the SIZEOF_* constants the way parse_sizes reads them."""
        sys.path.insert(0, os.path.join(REPO, "tools", "asmoffsets"))
        try:
            import importlib.util
            spec = importlib.util.spec_from_file_location(
                "asmoffsets_main", os.path.join(REPO, "tools", "asmoffsets", "__main__.py"))
            mod = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(mod)
        finally:
            sys.path.pop(0)
        text = mod.render({"SIZEOF_CTX": 160, "SIZEOF_VCPU": 976, "SIZEOF_PARTITION": 1248,
                           "CTX_PC": 144}, "x.o")
        self.assertEqual(fpmeasure.parse_sizes(text), {"ctx": 160, "vcpu": 976, "partition": 1248})
        with open(os.path.join(REPO, "kernel", "arch", "ppc405", "asm-offsets.c")) as f:
            source = f.read()
        for _, macro in fpmeasure.SIZES:
            self.assertIn("SIZEOF(%s, " % macro, source)

    def test_the_generators_names_match_the_parsers(self):
        """The parsers read what tools/config actually writes."""
        cfg = configc.Config(path="config/x.conf", root=".")
        self.assertEqual(fpmeasure.parse_image_symbols(configc.gen_images_s(cfg, "/b/images.bin")),
                         ["cfg_image_blob"])
        ld = configc.gen_linker_script(configc.Config(path="x", root=".", core=(0, 0x10000, 1)))
        self.assertIn(fpmeasure.STACK_BOTTOM + " = .", ld)
        self.assertIn(fpmeasure.STACK_TOP + " = .", ld)


# ------------------------------------------------------------ measurement ---
class SmallImageTest(unittest.TestCase):
    """small.*: .vectors 0x120 bytes (9 instructions, 63 zero words), .text
    0x30 (11 instructions, 1 zero word); .rodata 0x40 (cfg_regions 0x10,
    cfg_partitions 0x20, 0x10 other), .images 0x20 (cfg_image_blob), .bss 0x60
    (partitions 0x30 = 2 x 0x18, cur_index 4 + 12 fill, reload_stacks 0x20 to
    the section end), .stack 0x100 (__stack_bottom..__stack_top)."""

    def test_numbers(self):
        m = fpmeasure.measure(**small_inputs())
        self.assertEqual((m["text"], m["zero_words"], m["code"]), (0x150, 64, 0x150 - 256))
        self.assertEqual(m["allocated_data"], 0x40 + 0x20 + 0x60 + 0x100)
        ex = m["excluded"]
        self.assertEqual(ex["configuration tables"],
                         {"bytes": 48, "symbols": {"cfg_partitions": 32, "cfg_regions": 16}})
        self.assertEqual(ex["partition images"]["bytes"], 32)
        self.assertEqual(ex["core stacks"]["symbols"],
                         {"__stack_bottom..__stack_top": 256, "reload_stacks": 32})
        self.assertEqual(ex["per-partition state"]["bytes"], 48)
        self.assertEqual(m["data"], 0x10 + 4 + 12)
        self.assertEqual((m["partitions"], m["per_vm"], m["reload_stack_per_vm"]), (2, 24, 16))
        self.assertEqual((m["register_file"], m["bookkeeping"]), (16, 8))
        self.assertEqual(m["sizes"], {"ctx": 8, "vcpu": 8, "partition": 24})
        self.assertEqual(m["sections"][".vectors"], {"kind": "text", "size": 0x120, "zero_words": 63})
        self.assertNotIn(".debug_str", m["sections"])

    def without_symbol(self, name):
        inputs = small_inputs()
        inputs["symbols"] = [s for s in inputs["symbols"] if s["name"] != name]
        return inputs

    def test_every_symbol_relied_on_is_required(self):
        for name in ("partitions", "__stack_bottom", "__stack_top", "reload_stacks",
                     "cfg_image_blob", "cfg_regions"):
            with self.subTest(name=name):
                with self.assertRaisesRegex(fpmeasure.MeasureError,
                                            "symbol '%s' .* is not in the image" % name):
                    fpmeasure.measure(**self.without_symbol(name))

    def test_a_sized_symbol_without_size_is_an_error(self):
        inputs = small_inputs()
        for s in inputs["symbols"]:
            if s["name"] == "partitions":
                s["size"] = None
        with self.assertRaisesRegex(fpmeasure.MeasureError, "'partitions' .* has no size"):
            fpmeasure.measure(**inputs)

    def test_a_symbol_defined_twice_is_an_error(self):
        inputs = small_inputs()
        inputs["symbols"].append(dict(inputs["symbols"][-1], addr=0x1E8))
        name = inputs["symbols"][-1]["name"]
        with self.assertRaisesRegex(fpmeasure.MeasureError, "'%s' .* defined 2 times" % name):
            fpmeasure.measure(**dict(inputs, table_symbols=[name]))

    def test_an_excluded_symbol_in_code_is_an_error(self):
        inputs = small_inputs()
        for s in inputs["symbols"]:
            if s["name"] == "cfg_regions":
                s["addr"] = 0x120
        with self.assertRaisesRegex(fpmeasure.MeasureError, "'cfg_regions' .* not inside one "
                                    "allocated data section"):
            fpmeasure.measure(**inputs)

    def test_overlapping_exclusions_are_an_error(self):
        inputs = small_inputs()
        for s in inputs["symbols"]:
            if s["name"] == "cfg_regions":
                s["addr"], s["size"] = 0x170, 0x10
        with self.assertRaisesRegex(fpmeasure.MeasureError, "overlap"):
            fpmeasure.measure(**inputs)

    def test_state_not_a_multiple_of_the_partitions_is_an_error(self):
        with self.assertRaisesRegex(fpmeasure.MeasureError, "not a multiple of "
                                    "CONFIG_NUM_PARTITIONS = 5"):
            fpmeasure.measure(**dict(small_inputs(), num_partitions=5))

    def test_sizes_that_do_not_match_the_image_are_an_error(self):
        with self.assertRaisesRegex(fpmeasure.MeasureError, "'partitions' has 24 bytes per "
                                    "partition, asm-offsets.h says SIZEOF_PARTITION = 28 "
                                    "\\(a stale header\\?\\)"):
            fpmeasure.measure(**dict(small_inputs(),
                                     sizes={"ctx": 8, "vcpu": 8, "partition": 28}))

    def test_a_dump_that_does_not_match_the_section_is_an_error(self):
        inputs = small_inputs()
        start, data = inputs["dumps"][".text"]
        inputs["dumps"][".text"] = (start, data[:-4])
        with self.assertRaisesRegex(fpmeasure.MeasureError, "'.text' has 44 bytes"):
            fpmeasure.measure(**inputs)
        del inputs["dumps"][".text"]
        with self.assertRaisesRegex(fpmeasure.MeasureError, "no hex dump of executable section"):
            fpmeasure.measure(**inputs)


@unittest.skipUnless(os.path.exists(DEMO) and shutil.which(CROSS + "readelf")
                     and shutil.which(CROSS + "nm"), "build/demo/proteus.elf or binutils missing")
class DemoImageTest(unittest.TestCase):
    def test_the_numbers_add_up(self):
        m = fpmeasure.measure_elf(DEMO, os.path.join(os.path.dirname(DEMO), "gen"), CROSS)
        text = sum(s["size"] for s in m["sections"].values() if s["kind"] == "text")
        self.assertEqual(m["text"], text)
        self.assertEqual(m["code"], text - 4 * m["zero_words"])
        self.assertGreater(m["code"], 0)
        self.assertEqual(m["data"] + sum(r["bytes"] for r in m["excluded"].values()),
                         m["allocated_data"])
        self.assertEqual(m["per_vm"] * m["partitions"], m["excluded"]["per-partition state"]["bytes"])
        self.assertEqual(m["register_file"], m["sizes"]["ctx"] + m["sizes"]["vcpu"])
        self.assertEqual(m["register_file"] + m["bookkeeping"], m["per_vm"])
        self.assertGreaterEqual(m["bookkeeping"], 12 + 96)   # state, starts, line_len, line
        self.assertEqual(m["excluded"]["core stacks"]["symbols"]["__stack_bottom..__stack_top"],
                         configc.STACK_SIZE)


# --------------------------------------------------------------- variants ---
DEMO_TEXT = """\
# a configuration
[system]
core = host=0x00000000 size=4M

[partition a]   # the only one
image = build/guests/hello.elf
on_fault = halt
ram = guest=0x00000000 host=0x01000000 size=1M perm=rwx

[schedule]
major_frame = 1ms
window = a 1ms
"""

WITH_FEATURES = DEMO_TEXT.replace("[schedule]", """\
[features]   # switches
full_virtualization = on
# the scheduler
scheduler = cyclic   # as given
virtual_tlb = off

# the schedule follows
[schedule]""")


def sections_outside_features(text):
    out, skip = [], False
    for line in text.splitlines():
        if line.startswith("["):
            skip = line.startswith("[features]")
        if not skip and line.strip() and not line.startswith("#"):
            out.append(line)
    return out


class VariantsTest(unittest.TestCase):
    def test_features_come_from_tools_config(self):
        self.assertIs(fpvariants.FEATURES, configc.FEATURES)
        self.assertIs(fpvariants.CHOICES, configc.CHOICES)

    def test_the_variants(self):
        vs = fpvariants.variants()
        names = [v[0] for v in vs]
        others = [k for k in configc.FEATURES if k != "full_virtualization"]
        self.assertEqual(names, ["basis"] + ["basis+" + k for k in others] + ["no-fv"])
        basis = vs[0][2]
        self.assertEqual([k for k, on in basis.items() if on], ["full_virtualization"])
        for name, added, feats in vs[1:-1]:
            self.assertEqual(added, [name.split("+")[1]])
            self.assertEqual(sorted(k for k, on in feats.items() if on),
                             sorted(["full_virtualization", added[0]]))
        self.assertFalse(any(vs[-1][2].values()))

    def test_dependency_closure(self):
        feats = {"full_virtualization": ("A", True, (), ""),
                 "x": ("X", True, ("full_virtualization",), ""),
                 "y": ("Y", True, ("x",), ""),
                 "z": ("Z", True, ("y", "x"), "")}
        self.assertEqual(fpvariants.closure("z", feats), ["full_virtualization", "x", "y", "z"])
        vs = {n: (added, f) for n, added, f in fpvariants.variants(feats)}
        self.assertEqual(vs["basis+z"][0], ["x", "y", "z"])
        self.assertTrue(all(vs["basis+z"][1].values()))
        self.assertEqual(fpreport.label("basis+z", ["x", "y", "z"], "d", "cyclic"),
                         "+ z (with x, y)")
        with self.assertRaisesRegex(fpvariants.VariantError, "'y' needs unknown feature 'w'"):
            fpvariants.closure("y", dict(feats, y=("Y", True, ("w",), "")))
        with self.assertRaisesRegex(fpvariants.VariantError, "declares no feature "
                                    "'full_virtualization'"):
            fpvariants.variants({"x": ("X", True, (), "")})

    def test_rewrite_replaces_the_features_section(self):
        feats = {k: k == "virtual_uic" for k in configc.FEATURES}
        out = fpvariants.rewrite(WITH_FEATURES, feats, "note")
        self.assertEqual(sections_outside_features(out), sections_outside_features(WITH_FEATURES))
        section = out[out.index("[features]"):out.index("[schedule]")]
        expected = ["[features]", "# note"] + [
            "%s = %s" % (k, "on" if k == "virtual_uic" else "off") for k in configc.FEATURES] + [
            "scheduler = cyclic   # as given", "", "# the schedule follows"]
        self.assertEqual(section.rstrip("\n").split("\n"), expected)
        self.assertEqual(out.count("[features]"), 1)

    def test_rewrite_appends_a_section_when_there_is_none(self):
        feats = {k: True for k in configc.FEATURES}
        out = fpvariants.rewrite(DEMO_TEXT.rstrip("\n"), feats, "note")
        self.assertTrue(out.startswith(DEMO_TEXT))
        self.assertTrue(out.endswith("".join("%s = on\n" % k for k in configc.FEATURES)))

    def test_rewritten_file_reads_back_as_requested(self):
        for name, _, feats in fpvariants.variants():
            with self.subTest(variant=name):
                out = fpvariants.rewrite(WITH_FEATURES, feats, name)
                diag = configc.Diagnostics("x.conf")
                cfg = configc.parse(out, "x.conf", ".", diag)
                self.assertEqual(diag.lines(), [])
                self.assertEqual({k: cfg.features[k][0] for k in feats}, feats)
                self.assertEqual(cfg.choices["scheduler"][0], "cyclic")

    def test_rewrite_errors(self):
        twice = WITH_FEATURES + "[features]\nvirtual_uic = on\n"
        with self.assertRaisesRegex(fpvariants.VariantError, r"\[features\] given twice \(lines 10, 20\)"):
            fpvariants.rewrite(twice, {k: True for k in configc.FEATURES}, "n")
        with self.assertRaisesRegex(fpvariants.VariantError, "no value for feature"):
            fpvariants.rewrite(DEMO_TEXT, {}, "n")

    def test_effective_features_follow_tools_config(self):
        self.assertTrue(all(fpvariants.effective_features(DEMO_TEXT, "x").values()))
        off = fpvariants.effective_features(
            DEMO_TEXT + "[features]\nfull_virtualization = off\n", "x")
        self.assertFalse(any(off.values()))   # the others need it: off by default
        self.assertEqual(fpvariants.effective_choices(DEMO_TEXT, "x"), {"scheduler": "cyclic"})


# ----------------------------------------------------------------- report ---
def fake_measure(text, code, data, register_file, bookkeeping=108, n=3):
    m = fpmeasure.measure(**small_inputs())
    ctx = 160
    return dict(m, text=text, code=code, data=data, register_file=register_file,
                bookkeeping=bookkeeping, per_vm=register_file + bookkeeping, partitions=n,
                sizes={"ctx": ctx, "vcpu": register_file - ctx,
                       "partition": register_file + bookkeeping})


class ReportTest(unittest.TestCase):
    def results(self, basis_ok=True):
        feats = {k: True for k in configc.FEATURES}
        out = []
        for name, added, f in fpvariants.variants():
            if name == "basis":
                out.append((name, added, f, "ok" if basis_ok else "not buildable",
                            None if basis_ok else "error: [features] no", fake_measure(
                                5000, 4400, 2000, 300) if basis_ok else None))
            elif name == "basis+virtual_tlb":
                out.append((name, added, f, "ok", None, fake_measure(6000, 5400, 2000, 1068)))
            elif name == "basis+virtual_timers":
                out.append((name, added, f, "ok", None, fake_measure(5100, 4450, 2010, 348, 112)))
            elif name == "no-fv":
                out.append((name, added, f, "not buildable", "error: [features] a guest needs it",
                            None))
            else:
                out.append((name, added, f, "ok", None, fake_measure(5100, 4450, 2010, 300)))
        out.append(("config", [], feats, "ok", None, fake_measure(7000, 6000, 2100, 1270, 110)))
        return out

    def test_document(self):
        doc = fpreport.document("d", "config/d.conf", {"scheduler": "cyclic"}, self.results())
        rows = {r["name"]: r for r in doc["variants"]}
        self.assertEqual(rows["basis+virtual_tlb"]["increment"],
                         {"text": 1000, "code": 1000, "data": 0, "register_file": 768,
                          "bookkeeping": 0, "per_vm": 768})
        self.assertEqual(rows["basis+virtual_timers"]["increment"],
                         {"text": 100, "code": 50, "data": 10, "register_file": 48,
                          "bookkeeping": 4, "per_vm": 52})
        self.assertEqual(rows["basis"]["paper"], {"row": "Basis System", "text": 4348,
                                                  "data": 2444, "register_file": 304})
        self.assertEqual(rows["basis"]["ours_minus_paper"],
                         {"code": 4400 - 4348, "data": 2000 - 2444, "register_file": 300 - 304})
        self.assertEqual(rows["basis+virtual_tlb"]["ours_minus_paper"],
                         {"code": 1000 - 960, "data": 0, "register_file": 768 - 956})
        self.assertEqual((rows["basis"]["register_file"], rows["basis"]["bookkeeping"],
                          rows["basis"]["per_vm"]), (300, 108, 408))
        self.assertEqual(rows["basis"]["sizes"], {"ctx": 160, "vcpu": 140, "partition": 408})
        self.assertEqual(rows["no-fv"]["reason"], "error: [features] a guest needs it")
        conf = doc["configuration"]
        self.assertEqual((conf["per_vm"], conf["register_file"], conf["bookkeeping"]),
                         (1380, 1270, 110))
        self.assertEqual(conf["sizes"], {"ctx": 160, "vcpu": 1110, "partition": 1380})
        self.assertEqual(conf["paper_register_file"], 304 + 956)
        self.assertEqual(conf["ours_minus_paper_register_file"], 1270 - 1260)
        self.assertEqual(doc["format"], 2)
        self.assertEqual(doc["paper"]["table2"]["Basis System"], {"text": 4348, "data": 2444})
        self.assertEqual(len(doc["paper"]["table2"]), 8)
        json.dumps(doc, sort_keys=True)

    def test_render(self):
        doc = fpreport.document("d", "config/d.conf", {"scheduler": "cyclic"}, self.results())
        text = fpreport.render(doc)
        lines = text.splitlines()
        self.assertTrue(lines[0].startswith("Footprint of configuration d (bytes; paper: Proteus "
                                            "Table 2"))
        row = next(l for l in lines if l.startswith("basis (FV basis, cyclic scheduler)"))
        self.assertEqual(row.split(), ["basis", "(FV", "basis,", "cyclic", "scheduler)", "5000",
                                       "4400", "2000", "300", "108", "|", "4348", "2444", "304"])
        self.assertEqual(lines[2].split(), [".text", "code", ".data", "regfile", "other", "|",
                                            ".text", ".data", "regfile"])
        self.assertEqual(lines[1].split(), ["----", "per", "VM", "---", "|", "paper"])
        # the headings stand above their columns: "per VM" spans regfile and other
        self.assertEqual(lines[1].index("|"), lines[2].index("|"))
        self.assertEqual(lines[2].index("|"), row.index("|"))
        self.assertEqual(lines[1].index("-"), lines[2].index("regfile"))
        self.assertEqual(lines[1].rindex("-"), lines[2].index("other") + len("other") - 1)
        tlb = next(l for l in lines if l.startswith("+ virtual_tlb"))
        self.assertEqual(tlb.split()[2:], ["+1000", "+1000", "+0", "+768", "+0", "|", "+960", "+0",
                                           "+956"])
        timers = next(l for l in lines if l.startswith("+ virtual_timers"))
        self.assertEqual(timers.split()[2:], ["+100", "+50", "+10", "+48", "+4"])
        self.assertIn("without full_virtualization", text)
        self.assertRegex(text, r"without full_virtualization +not buildable: error: \[features\] "
                               r"a guest needs it")
        self.assertRegex(text, r"core stacks \(256 \+ 3 x 10 reload\) +288")
        self.assertRegex(text, r"this configuration \(d\) +7000 +6000 +2100 +1270 +110 \| +1260\n")
        self.assertRegex(text, r"per-partition state \(3 x 1380\) +48 +1270 +110 \| +304 \(\+956 "
                               r"with TLB virtualization\)")
        self.assertIn("\n  regfile = struct ctx 160 + struct vcpu 1110 (the paper's per-VM "
                      "register file)\n  other = struct partition 1380 - regfile: state, start "
                      "count, console line, padding\n", text)
        self.assertRegex(text, r"\nbasis +\+52 +-444 +-4\n")
        self.assertRegex(text, r"\n\+ virtual_tlb +\+40 +\+0 +-188\n")
        self.assertRegex(text, r"\nthis configuration \(d\) +\+10\n")
        self.assertEqual(text, fpreport.render(doc))

    def test_no_basis_no_increments(self):
        doc = fpreport.document("d", "config/d.conf", {"scheduler": "cyclic"},
                                self.results(basis_ok=False))
        self.assertNotIn("increment", {k for r in doc["variants"] for k in r})
        self.assertIn("no increment: the basis was not built", fpreport.render(doc))


# ---------------------------------------------------------- command line ---
FAKE_MAKE = r'''
import os, shutil, sys
args = dict(a.split("=", 1) for a in sys.argv[1:] if "=" in a)
with open("make-calls.log", "a") as f:
    f.write(" ".join(sys.argv[1:]) + "\n")
conf = args["CONFIG_FILE"]
lines = open(conf).read().splitlines()
for i, line in enumerate(lines, 1):
    if line.strip() == "full_virtualization = off":
        sys.stderr.write("%s:%d: error: [features] a guest needs full_virtualization\n" % (conf, i))
        sys.exit(2)
if os.environ.get("FAKE_FAIL") and args["CONFIG"].endswith(os.environ["FAKE_FAIL"]):
    print("kernel/core/vcpu.c:10:5: error: 'x' undeclared")
    sys.exit(2)
out = os.path.join(args["BUILD"], args["CONFIG"])
os.makedirs(os.path.join(out, "gen"), exist_ok=True)
open(os.path.join(out, "proteus.elf"), "w").write("fake")
names = ["config.h", "images.S", "config_data.c"]
if not os.environ.get("FAKE_NO_OFFSETS"):
    names.append("asm-offsets.h")
for name in names:
    shutil.copy(os.path.join(FIXTURES, "small." + name), os.path.join(out, "gen", name))
'''

FAKE_READELF = r'''
import sys
name = "small.readelf-S.txt" if "-SW" in sys.argv else "small.readelf-x.txt"
sys.stdout.write(open(os.path.join(FIXTURES, name)).read())
'''

FAKE_NM = r'''
drop = os.environ.get("FAKE_DROP")
for line in open(os.path.join(FIXTURES, "small.nm.txt")):
    if not drop or line.split()[-1] != drop:
        sys.stdout.write(line)
'''


class CommandLineTest(unittest.TestCase):
    def setUp(self):
        self.root = tempfile.mkdtemp(prefix="footprint-")
        self.addCleanup(shutil.rmtree, self.root)
        os.makedirs(os.path.join(self.root, "config"))
        self.tools = os.path.join(self.root, "tools")
        os.makedirs(self.tools)
        for name, body in (("make", FAKE_MAKE), ("fake-readelf", FAKE_READELF),
                           ("fake-nm", FAKE_NM)):
            path = os.path.join(self.tools, name)
            with open(path, "w") as f:
                f.write("#!%s\nimport os, sys\nFIXTURES = %r\n%s" % (sys.executable, FIXTURES, body))
            os.chmod(path, 0o755)
        self.write_conf("small", DEMO_TEXT)

    def write_conf(self, name, text):
        with open(os.path.join(self.root, "config", name + ".conf"), "w") as f:
            f.write(text)

    def run_tool(self, *args, env=None, root=None):
        argv = [sys.executable, TOOL, "--root", root or self.root,
                "--make", os.path.join(self.tools, "make"),
                "--cross", os.path.join(self.tools, "fake-")] + list(args)
        proc = subprocess.run(argv, capture_output=True, text=True, cwd=self.root,
                              env=dict(os.environ, **(env or {})))
        self.assertNotIn("Traceback", proc.stderr)
        return proc

    def test_build_log_helpers(self):
        env = fpcli.make_env({"MAKEFLAGS": " -j2 --jobserver-auth=3,4 -- CONFIG=demo", "A": "1"})
        self.assertEqual(env, {"MAKEFLAGS": " -j2 -- CONFIG=demo", "A": "1"})
        log = ("build/x/y.conf.orig:3: error: [syntax] not ours\n"
               "build/x/y.conf:12: error: [features] virtual_uic = off is not available\n"
               "build/x/y.conf:13: error: [features] second\n")
        self.assertEqual(fpcli.config_refusal(log, "build/x/y.conf"),
                         "error: [features] virtual_uic = off is not available")
        self.assertIsNone(fpcli.config_refusal("cc: error: x\n", "build/x/y.conf"))
        self.assertEqual(fpcli.first_error("gcc -c a.c\na.c:1: error: x\nmake: *** Error 1\n"),
                         "a.c:1: error: x")

    def test_help(self):
        proc = subprocess.run([sys.executable, TOOL, "--help"], capture_output=True, text=True)
        self.assertEqual(proc.returncode, 0)
        for word in ("basis+FEATURE", "no-fv", "--json", "code = .text minus its zero words",
                     "exit status"):
            self.assertIn(word, proc.stdout)

    def test_usage_error(self):
        proc = subprocess.run([sys.executable, TOOL], capture_output=True, text=True)
        self.assertEqual(proc.returncode, 2)
        self.assertIn("usage: tools/footprint", proc.stderr)

    def test_table_and_json(self):
        proc = self.run_tool("config/small.conf", "--json", "out.json")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        out = proc.stdout
        self.assertRegex(out, r"basis \(FV basis, cyclic scheduler\) +336 +80 +32 +16 +8 \| +4348 "
                              r"+2444 +304")
        self.assertRegex(out, r"\+ virtual_tlb +\+0 +\+0 +\+0 +\+0 +\+0 \| +\+960 +\+0 +\+956")
        self.assertRegex(out, r"without full_virtualization +not buildable: error: \[features\] "
                              r"a guest needs full_virtualization")
        self.assertRegex(out, r"this configuration \(small\) +336 +80 +32 +16 +8")
        self.assertRegex(out, r"per-partition state \(2 x 24\) +48 +16 +8 \|")
        self.assertRegex(out, r"configuration tables \(small\) +48")
        self.assertRegex(out, r"partition images \(not core\) +32")
        with open(os.path.join(self.root, "out.json")) as f:
            doc = json.load(f)
        self.assertEqual([r["name"] for r in doc["variants"]][:2], ["basis", "basis+fv_fast_path"])
        self.assertEqual(doc["configuration"]["per_vm"], 24)
        self.assertEqual((doc["configuration"]["register_file"],
                          doc["configuration"]["bookkeeping"]), (16, 8))
        # the variants' files and make calls
        conf = os.path.join(self.root, "build", "footprint", "small", "basis", "small.conf")
        with open(conf) as f:
            text = f.read()
        self.assertIn("full_virtualization = on\nfv_fast_path = off\n", text)
        # a configuration without [features] (like demo.conf) gets one in every variant's file
        conf = os.path.join(self.root, "build", "footprint", "small", "config", "small.conf")
        with open(conf) as f:
            text = f.read()
        self.assertIn("[features]\n", text)
        self.assertTrue(text.endswith("".join("%s = on\n" % k for k in configc.FEATURES)))
        with open(os.path.join(self.root, "make-calls.log")) as f:
            calls = f.read().splitlines()
        self.assertEqual(calls[0], "--no-print-directory image CONFIG=fp-small-basis "
                         "CONFIG_FILE=build/footprint/small/basis/small.conf BUILD=build CROSS=%s"
                         % os.path.join(self.tools, "fake-"))
        self.assertEqual(len(calls), len(configc.FEATURES) + 2)
        # deterministic
        again = self.run_tool("config/small.conf", "--json", "again.json")
        self.assertEqual(again.stdout, out)
        with open(os.path.join(self.root, "out.json")) as a, \
                open(os.path.join(self.root, "again.json")) as b:
            self.assertEqual(a.read(), b.read())

    def test_the_configuration_not_building_is_an_error(self):
        self.write_conf("nofv", DEMO_TEXT + "[features]\nfull_virtualization = off\n")
        proc = self.run_tool("config/nofv.conf")
        self.assertEqual(proc.returncode, 1)
        self.assertRegex(proc.stdout, r"this configuration \(nofv\) +not buildable")
        self.assertIn("tools/footprint: error: config not buildable: error: [features]", proc.stderr)

    def test_a_variant_failing_to_compile_is_an_error(self):
        proc = self.run_tool("config/small.conf", env={"FAKE_FAIL": "basis+virtual_uic"})
        self.assertEqual(proc.returncode, 1)
        self.assertRegex(proc.stdout, r"\+ virtual_uic +build failed: kernel/core/vcpu.c:10:5: "
                                      r"error: 'x' undeclared \(log: build/footprint/small/"
                                      r"basis\+virtual_uic/build.log\)")
        self.assertIn("error: basis+virtual_uic build failed", proc.stderr)

    def test_a_missing_symbol_is_an_error(self):
        proc = self.run_tool("config/small.conf", env={"FAKE_DROP": "partitions"})
        self.assertEqual(proc.returncode, 1)
        self.assertIn("tools/footprint: error: build/fp-small-basis/proteus.elf: symbol "
                      "'partitions' (the partition table of the core) is not in the image",
                      proc.stderr)

    def test_a_missing_asm_offsets_header_is_an_error(self):
        proc = self.run_tool("config/small.conf", env={"FAKE_NO_OFFSETS": "1"})
        self.assertEqual(proc.returncode, 1)
        self.assertIn("tools/footprint: error: build/fp-small-basis/proteus.elf: no generated "
                      "header '%s': the structure sizes that split the per-VM bytes "
                      "(tools/asmoffsets writes it when the image is built)"
                      % os.path.join(self.root, "build", "fp-small-basis", "gen", "asm-offsets.h"),
                      proc.stderr)
        self.assertEqual(proc.stdout, "")

    def test_missing_binutils(self):
        proc = subprocess.run([sys.executable, TOOL, "--root", self.root, "--make",
                               os.path.join(self.tools, "make"), "--cross", "/nonexistent/x-",
                               "config/small.conf"], capture_output=True, text=True, cwd=self.root)
        self.assertEqual(proc.returncode, 1)
        self.assertIn("cannot run /nonexistent/x-readelf", proc.stderr)
        self.assertIn("set CROSS", proc.stderr)

    def test_unknown_configuration(self):
        proc = self.run_tool("config/nope.conf", root=REPO)
        self.assertEqual(proc.returncode, 1)
        self.assertIn("tools/footprint: error: cannot read configuration 'config/nope.conf': "
                      "No such file or directory (the configurations in config/: ", proc.stderr)
        self.assertIn("demo", proc.stderr)
        self.assertFalse(os.path.exists(os.path.join(REPO, "build", "footprint", "nope")))

    def test_features_given_twice(self):
        self.write_conf("twice", DEMO_TEXT + "[features]\n[features]\n")
        proc = self.run_tool("config/twice.conf")
        self.assertEqual(proc.returncode, 1)
        self.assertIn("error: config/twice.conf: section [features] given twice", proc.stderr)

    def test_bad_name(self):
        proc = self.run_tool("config/small.conf", "--name", "a b")
        self.assertEqual(proc.returncode, 1)
        self.assertIn("configuration name 'a b' is not a plain file name", proc.stderr)


@unittest.skipUnless(shutil.which("make"), "make not installed")
class MakefileTest(unittest.TestCase):
    def test_footprint_target(self):
        with open(os.path.join(REPO, "Makefile")) as f:
            if "tools/footprint/footprint.mk" not in f.read():
                self.skipTest("the Makefile does not include tools/footprint/footprint.mk")
        proc = subprocess.run(["make", "-n", "--no-print-directory", "footprint", "CONFIG=demo"],
                              cwd=REPO, capture_output=True, text=True)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn("tools/footprint --name demo --build build \\\n    --json "
                      "build/demo/footprint.json config/demo.conf > build/.footprint-demo.txt",
                      proc.stdout)
        self.assertIn("mv build/.footprint-demo.txt build/demo/footprint.txt", proc.stdout)
