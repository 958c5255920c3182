"""Tests of tests/features/deviations.py.  @req DEV-003 DEV-006"""

import os
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import deviations  # noqa: E402

TLB_WRITE = """000047a8 <arch_tlb_write>:
    47a8:	80 a4 00 04 	lwz     r5,4(r4)
    47bc:	7c a3 0f a4 	%s r5,r3
    47c0:	7c c3 07 a4 	%s r6,r3
    47cc:	4e 80 00 20 	blr
"""

START = """00002454 <_start>:
    2454:	38 00 00 00 	li      r0,0
    245c:	3c 60 00 00 	lis     r3,0
    2460:	60 63 10 00 	ori     r3,r3,%s
    2464:	7c 60 01 24 	mtmsr   r3
    249c:	3c 60 00 10 	lis     r3,%s
    24a0:	7c 76 f3 a6 	mtspr   982,r3
    24a8:	48 00 12 05 	bl      36ac <proteus_main>
    24ac:	4b ff fb f4 	b       20a0 <trap_exit>
"""


class DeviationsTest(unittest.TestCase):
    def test_tlb_write_order(self):
        ok, _ = deviations.check_tlb_write_order(
            deviations.functions(TLB_WRITE % ("tlbwelo", "tlbwehi")))
        self.assertTrue(ok)
        ok, why = deviations.check_tlb_write_order(
            deviations.functions(TLB_WRITE % ("tlbwehi", "tlbwelo")))
        self.assertFalse(ok)
        self.assertIn("writes tlbwehi, tlbwelo", why)
        ok, why = deviations.check_tlb_write_order(deviations.functions(START % ("4096", "16")))
        self.assertFalse(ok)
        self.assertIn("no arch_tlb_write", why)

    def test_boot_state(self):
        base = 0x00100000
        ok, why = deviations.check_boot_state(deviations.functions(START % ("4096", "16")), base)
        self.assertTrue(ok, why)
        ok, why = deviations.check_boot_state(deviations.functions(START % ("0", "16")), base)
        self.assertFalse(ok)
        self.assertIn("MSR = 0x00000000", why)
        ok, why = deviations.check_boot_state(deviations.functions(START % ("4096", "0")), base)
        self.assertFalse(ok)
        self.assertIn("EVPR = 0x00000000", why)
        no_evpr = "\n".join(l for l in (START % ("4096", "16")).splitlines() if "982" not in l)
        ok, why = deviations.check_boot_state(deviations.functions(no_evpr), base)
        self.assertFalse(ok)
        self.assertIn("no mtspr EVPR", why)
        # loaded only after proteus_main is called: too late
        lines = (START % ("4096", "16")).splitlines()
        call = [l for l in lines if "proteus_main" in l]
        late = "\n".join([l for l in lines if "proteus_main" not in l][:2] + call +
                         [l for l in lines if "proteus_main" not in l][2:])
        ok, why = deviations.check_boot_state(deviations.functions(late), base)
        self.assertFalse(ok)
        self.assertIn("no mtmsr", why)

    def test_cli(self):
        with tempfile.TemporaryDirectory() as d:
            lst, cfg = os.path.join(d, "x", "proteus.lst"), os.path.join(d, "config.h")
            os.makedirs(os.path.dirname(lst))
            with open(lst, "w") as f:
                f.write(TLB_WRITE % ("tlbwelo", "tlbwehi") + "\n" + START % ("4096", "16"))
            with open(cfg, "w") as f:
                f.write("#define CONFIG_CORE_BASE 0x00100000u\n")
            p = subprocess.run([sys.executable, os.path.join(HERE, "deviations.py"), lst, cfg],
                               capture_output=True, text=True)
            self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
            self.assertIn("PASS deviations.x.dev003-tlb-write-order", p.stdout)
            self.assertIn("PASS deviations.x.dev006-boot-msr-evpr", p.stdout)
            with open(cfg, "w") as f:
                f.write("nothing\n")
            p = subprocess.run([sys.executable, os.path.join(HERE, "deviations.py"), lst, cfg],
                               capture_output=True, text=True)
            self.assertEqual(p.returncode, 2)
            self.assertIn("no CONFIG_CORE_BASE", p.stderr)


if __name__ == "__main__":
    unittest.main()
