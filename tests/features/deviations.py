#!/usr/bin/env python3
"""The image works around the board's deviations as spec/requirements.md says.

    python3 tests/features/deviations.py build/<config>/proteus.lst build/<config>/gen/config.h

Reads the image's disassembly (objdump -d, which the build writes) and
checks, in the machine code that runs:
  DEV-003  arch_tlb_write writes the TLB entry's data word (tlbwelo, WS=1)
           before its tag word (tlbwehi, WS=0): on this board writing the
           data word clears the valid bit, so the other order would leave
           every entry the core installs invalid.
  DEV-006  _start, before it calls proteus_main, loads the MSR with ME set
           and EVPR with the configuration's core base (bits 0:15): the
           board boots a -kernel image with MSR = 0 and EVPR = 0, no
           firmware sets them.
Register values are followed through li/lis/ori/oris/addi from zero, as the
code loads them.  Prints one PASS or FAIL line per check
(deviations.<config>.<check>); exit status 0 when all pass, 1 otherwise,
2 on bad input.  @req DEV-003 DEV-006
"""

import os
import re
import sys

INSN_RE = re.compile(r"^\s*[0-9a-f]+:\s+(?:[0-9a-f]{2} ){4}\s*(\S+)\s*(.*)$")
FUNC_RE = re.compile(r"^[0-9a-f]+ <([A-Za-z_.$][\w.$]*)>:$")
MSR_ME = 0x00001000
SPR_EVPR = 982


class InputError(Exception):
    pass


def functions(listing):
    """{name: [(mnemonic, operands)]} of an objdump -d listing."""
    out, cur = {}, None
    for line in listing.splitlines():
        m = FUNC_RE.match(line.strip())
        if m:
            cur = out.setdefault(m.group(1), [])
            continue
        m = INSN_RE.match(line)
        if m and cur is not None:
            cur.append((m.group(1), m.group(2).strip()))
    return out


def check_tlb_write_order(funcs):
    """(ok, why) for DEV-003."""
    body = funcs.get("arch_tlb_write")
    if body is None:
        return False, "no arch_tlb_write in the image"
    writes = [m for m, _ in body if m in ("tlbwelo", "tlbwehi", "tlbwe")]
    if "tlbwe" in writes:
        return False, "arch_tlb_write uses tlbwe with an explicit WS; expected tlbwelo/tlbwehi"
    if writes != ["tlbwelo", "tlbwehi"]:
        return False, "arch_tlb_write writes %s; expected the data word (tlbwelo) then the tag " \
                      "word (tlbwehi)" % (", ".join(writes) or "nothing")
    return True, "data word (tlbwelo) before tag word (tlbwehi)"


def _imm(text):
    return int(text, 0) & 0xFFFFFFFF


def check_boot_state(funcs, core_base):
    """(ok, why) for DEV-006: MSR[ME] and EVPR set before proteus_main."""
    body = funcs.get("_start")
    if body is None:
        return False, "no _start in the image"
    regs, msr, evpr = {}, None, None
    for mnem, ops in body:
        args = [a.strip() for a in ops.split("<")[0].split(",")] if ops else []
        if mnem == "bl" and "<proteus_main>" in ops:
            break
        try:
            if mnem == "li":
                regs[args[0]] = _imm(args[1])
            elif mnem == "lis":
                regs[args[0]] = (_imm(args[1]) << 16) & 0xFFFFFFFF
            elif mnem in ("ori", "oris"):
                shift = 16 if mnem == "oris" else 0
                regs[args[0]] = regs.get(args[1], 0) | (_imm(args[2]) << shift)
            elif mnem == "addi":
                regs[args[0]] = (regs.get(args[1], 0) + int(args[2], 0)) & 0xFFFFFFFF
            elif mnem == "mtmsr":
                msr = regs.get(args[0])
            elif mnem == "mtspr" and int(args[0], 0) == SPR_EVPR:
                evpr = regs.get(args[1])
            elif mnem == "mtevpr":
                evpr = regs.get(args[0])
        except (IndexError, ValueError):
            continue
    else:
        return False, "_start never calls proteus_main"
    want = core_base & 0xFFFF0000
    if msr is None or not msr & MSR_ME:
        return False, "the MSR is not loaded with ME before proteus_main (%s)" % (
            "no mtmsr" if msr is None else "MSR = 0x%08x" % msr)
    if evpr is None or evpr & 0xFFFF0000 != want:
        return False, "EVPR is not loaded with the core base 0x%08x before proteus_main (%s)" % (
            want, "no mtspr EVPR" if evpr is None else "EVPR = 0x%08x" % evpr)
    return True, "MSR = 0x%08x (ME), EVPR = 0x%08x" % (msr, evpr)


def core_base_of(config_h):
    m = re.search(r"#define CONFIG_CORE_BASE (0x[0-9A-Fa-f]+)u?", config_h)
    if not m:
        raise InputError("no CONFIG_CORE_BASE in the configuration header")
    return int(m.group(1), 16)


def main(argv):
    if len(argv) == 1 and argv[0] in ("-h", "--help"):
        print(__doc__.strip())
        return 0
    if len(argv) != 2:
        print("usage: deviations.py build/<config>/proteus.lst build/<config>/gen/config.h "
              "(try --help)", file=sys.stderr)
        return 2
    try:
        with open(argv[0]) as f:
            funcs = functions(f.read())
        with open(argv[1]) as f:
            base = core_base_of(f.read())
    except (OSError, InputError) as e:
        print("deviations.py: %s" % e, file=sys.stderr)
        return 2
    if not funcs:
        print("deviations.py: %s: no function in the listing (is it objdump -d output?)"
              % argv[0], file=sys.stderr)
        return 2
    config = os.path.basename(os.path.dirname(os.path.abspath(argv[0])))
    ok_all = True
    for name, (ok, why) in (("dev003-tlb-write-order", check_tlb_write_order(funcs)),
                            ("dev006-boot-msr-evpr", check_boot_state(funcs, base))):
        print("%s deviations.%s.%s (%s)" % ("PASS" if ok else "FAIL", config, name, why))
        ok_all = ok_all and ok
    return 0 if ok_all else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
