# tools/evidence/evidence.mk: the evidence bundle (spec/evidence.md),
# included by the top-level Makefile after tests/check.mk.
#
#   make evidence        [CONFIG=demo]  write build/<config>/evidence/
#   make evidence-accept [CONFIG=demo]  regenerate it and make it the
#                                       committed baseline evidence/<config>/
#   make check-evidence                 every configuration against its
#                                       baseline: PASS/FAIL evidence.<config>
#                                       lines in $(RES)/evidence.res
# The bundle reads what the other steps wrote (proof results, ...); it
# builds nothing itself.

EVIDENCE_TOOL := $(PYTHON) tools/evidence --root .

.PHONY: evidence evidence-accept check-evidence

evidence:
	@$(EVIDENCE_TOOL) --config $(CONFIG) --out $(B)/evidence

evidence-accept:
	@$(EVIDENCE_TOOL) --config $(CONFIG) --out $(B)/evidence --accept

check-evidence:
	@mkdir -p $(RES)
	@: > $(RES)/evidence.res
	@for c in $(CONFIGS); do \
	    if $(EVIDENCE_TOOL) --config $$c --out $(BUILD)/$$c/evidence --check \
	            > $(BUILD)/evidence-$$c.txt 2>&1; \
	    then echo "PASS evidence.$$c"; else echo "FAIL evidence.$$c (see $(BUILD)/evidence-$$c.txt)"; fi \
	        >> $(RES)/evidence.res; \
	done
	@cat $(RES)/evidence.res

# ---- object-code coverage on target (spec/evidence.md, Coverage) ---------
#   make evidence-coverage [CONFIG=demo]  trace the configuration's core in
#                                         QEMU: build/<config>/coverage-target.json,
#                                         the coverage section's target input
#   check-evidence first traces every configuration (check-evidence-coverage).
# The image boots in QEMU as its scenarios boot it, under tools/wcet's
# per-instruction trace, until a budget of QEMU log lines (guest lines at
# core addresses included: they are the cost): under -icount the same
# budget gives the same trace, so summary.json stays byte-identical.  The
# budgets (measured in spec/evidence.md) end just after the last window or
# fault event a longer trace of the configuration reaches early; about
# 100,000 lines a second.  COVERAGE_LINES=N overrides them all.
COVERAGE_TOOL := $(PYTHON) tools/evidence/coverage_target.py
COVERAGE_TIMEOUT ?= 900
COVERAGE_LINES_DEFAULT := 2400000
COVERAGE_LINES_demo              := 7500000
COVERAGE_LINES_device            := 3200000
COVERAGE_LINES_full              := 4200000
COVERAGE_LINES_isolation-halt    := 1000000
COVERAGE_LINES_minimal           := 3500000
COVERAGE_LINES_paravirt          := 3500000
COVERAGE_LINES_switch            := 2000000
COVERAGE_LINES_timing-fault      := 4400000
COVERAGE_LINES_timing-quiet      := 3500000
COVERAGE_LINES_timing-spin       := 3500000
coverage_lines = $(or $(COVERAGE_LINES),$(COVERAGE_LINES_$(1)),$(COVERAGE_LINES_DEFAULT))
coverage_run = $(COVERAGE_TOOL) $(BUILD)/$(1)/proteus.elf -o $(BUILD)/$(1)/coverage-target.json \
    --lines $(call coverage_lines,$(1)) --timeout $(COVERAGE_TIMEOUT) --qemu $(QEMU)

.PHONY: evidence-coverage check-evidence-coverage

evidence-coverage: $(B)/proteus.elf
	@$(call coverage_run,$(CONFIG))

# Never fails: a configuration whose trace failed has no coverage-target.json,
# and its evidence check reports the section's target half missing.
check-evidence-coverage:
	@$(foreach c,$(CONFIGS),$(call coverage_run,$(c)) > $(BUILD)/coverage-$(c).txt 2>&1 \
	    || echo "coverage trace of $(c) failed (see $(BUILD)/coverage-$(c).txt)";)

check-evidence: check-evidence-coverage
