#!/usr/bin/env python3
"""A disabled capability leaves no code and no data in the image (CFG-003).

    python3 tests/features/absent.py build/<config>/proteus.elf build/<config>/gen/config.h

For every build-time switch (CONFIG_* in the configuration's config.h) the
table below names symbols that belong to that capability alone: they must
all be in the image's symbol table when the switch is 1 and none of them
when it is 0, so the test fails in both directions.  Prints one PASS or
FAIL line per switch (features.<config>.<symbol>); exit status 0 when all
pass, 1 otherwise, 2 on bad input.  @req CFG-003
"""

import argparse
import os
import re
import subprocess
import sys

# Switch -> symbols of that capability alone (functions and objects of its
# files and #if blocks; see kernel/core and kernel/arch/ppc405).
CAPABILITY_SYMBOLS = {
    "CONFIG_FV": ("emul_insn", "vcpu_raise", "emul_ops", "emul_sprs", "board_dcrs",
                  "arch_pvr_read", "arch_icache_invalidate_all"),
    "CONFIG_FV_FAST": ("program_fast",),
    "CONFIG_FV_TIMERS": ("vtimer_reset", "vtimer_sync", "vtimer_next", "vtimer_tcr_write",
                         "vtimer_tsr_write", "vtimer_pit_write", "vtimer_pit_read",
                         "vtimer_tb_write", "vtimer_tb_read"),
    "CONFIG_FV_UIC": ("vuic_reset", "vuic_owns", "vuic_read", "vuic_write",
                      "vuic_external", "vuic_critical"),
    "CONFIG_FV_TLB": ("vtlb_reset", "vtlb_write", "vtlb_read", "vtlb_search",
                      "vtlb_search_cr", "vtlb_invalidate_all"),
    "CONFIG_SCHED_CYCLIC": ("sched_advance", "sched_window_end", "cfg_windows"),
    "CONFIG_SCHED_FIXED_PRIORITY": ("sched_next", "cfg_budgets"),
    "CONFIG_HM_HALT": ("hm_halt",),
    "CONFIG_HM_RESTART": ("hm_restart",),
}

DEFINE_RE = re.compile(r"#define (CONFIG_[A-Z0-9_]+) ([01])\b")


class InputError(Exception):
    pass


def switches(config_h_text):
    """{CONFIG_*: 0|1} of the switches config.h defines as 0 or 1."""
    return {m.group(1): int(m.group(2)) for m in DEFINE_RE.finditer(config_h_text)}


def symbols(nm_text):
    """The names in `nm` output (any type)."""
    out = set()
    for line in nm_text.splitlines():
        parts = line.split()
        if len(parts) >= 2:
            out.add(parts[-1])
    return out


def judge(config, values, present):
    """[(passed, line)] for every switch of CAPABILITY_SYMBOLS."""
    results = []
    for switch, names in CAPABILITY_SYMBOLS.items():
        label = "features.%s.%s" % (config, switch)
        if switch not in values:
            results.append((False, "FAIL %s: config.h does not define it as 0 or 1" % label))
            continue
        on = values[switch] == 1
        wrong = [n for n in names if (n in present) != on]
        if wrong:
            how = "missing although on" if on else "present although off"
            results.append((False, "FAIL %s: %s: %s" % (label, how, ", ".join(wrong))))
        else:
            results.append((True, "PASS %s (%s: %d symbols %s)"
                            % (label, "on" if on else "off", len(names),
                               "present" if on else "absent")))
    return results


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="absent.py",
        description="Check that every disabled capability left no symbol in a boot "
                    "image and every enabled one is there (CFG-003).")
    parser.add_argument("elf", help="build/<config>/proteus.elf")
    parser.add_argument("config_h", help="build/<config>/gen/config.h")
    parser.add_argument("--nm", default=os.environ.get("CROSS", "powerpc-linux-gnu-") + "nm",
                        help="the nm of the cross toolchain (default %(default)s)")
    args = parser.parse_args(argv)
    try:
        for path in (args.elf, args.config_h):
            if not os.path.isfile(path):
                raise InputError("%s: no such file (build the configuration first)" % path)
        with open(args.config_h, encoding="utf-8") as f:
            values = switches(f.read())
        if not values:
            raise InputError("%s: no CONFIG_* switch defined as 0 or 1" % args.config_h)
        try:
            proc = subprocess.run([args.nm, args.elf], capture_output=True, text=True)
        except OSError as e:
            raise InputError("cannot run %s: %s" % (args.nm, e))
        if proc.returncode != 0:
            raise InputError("%s %s failed: %s" % (args.nm, args.elf, proc.stderr.strip()))
    except InputError as e:
        print("absent.py: error: %s" % e, file=sys.stderr)
        return 2
    config = os.path.basename(os.path.dirname(os.path.abspath(args.elf)))
    results = judge(config, values, symbols(proc.stdout))
    for _, line in results:
        print(line)
    return 0 if all(ok for ok, _ in results) else 1


if __name__ == "__main__":
    sys.exit(main())
