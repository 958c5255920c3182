# Privileged-instruction fuzzing of Proteus-405: a GNU make fragment for the
# top-level Makefile, which includes it from the repository root (all paths
# are relative to it).
#
#   make build/fuzz/<seed>.elf     one generated program (and its .S)
#   make fuzz [SEEDS=N] [FUZZ_FIRST=S] [FUZZ_JOBS=J] [FUZZ_ARGS=...]
#                                  generate, build and run N programs natively;
#                                  FUZZ_ARGS adds run.py options: --twice (also
#                                  under icount shift=2, compare), --virtualized
#                                  (also under the core, compare), --exclude ...
#   make fuzz-check                the fixed seed set FUZZ_CHECK_SEEDS, --twice
#   make fuzz-virt [SEEDS=N] [FUZZ_ARGS=...]
#                                  N programs natively and in a partition under
#                                  the core, final states compared (one boot
#                                  image build shared by all seeds in
#                                  build/fuzz-virt/img/, a copy per seed removed
#                                  after its run; FUZZ_ARGS=--keep keeps them,
#                                  --exclude ITEM,... narrows the programs)
#   make fuzz-clean                remove build/fuzz and build/fuzz-virt
#
# tests/fuzz/run.py does the same without make (it calls the toolchain
# itself); both produce identical programs for a seed and length.

CROSS  ?= powerpc-linux-gnu-
PYTHON ?= python3

# Keep the including Makefile's default goal.
fuzz_saved_default_goal := $(.DEFAULT_GOAL)

FUZZ_SRC_DIR   := tests/fuzz
FUZZ_OUT_DIR   := build/fuzz
FUZZ_VIRT_DIR  := build/fuzz-virt
FUZZ_GEN       := $(FUZZ_SRC_DIR)/genpriv.py
FUZZ_RUN       := $(FUZZ_SRC_DIR)/run.py
FUZZ_LDSCRIPT  := $(FUZZ_SRC_DIR)/fuzz.ld

FUZZ_LENGTH      ?= 200
SEEDS            ?= 20
FUZZ_FIRST       ?= 0
FUZZ_JOBS        ?= 2
FUZZ_ARGS        ?=
FUZZ_CHECK_SEEDS ?= 0-49

FUZZ_CC      := $(CROSS)gcc
FUZZ_ASFLAGS := -mcpu=405 -nostdlib -static -Wa,-mregnames -Wa,--fatal-warnings
FUZZ_LDFLAGS := -T $(FUZZ_LDSCRIPT) -Wl,--build-id=none -Wl,--no-warn-rwx-segments

.PRECIOUS: $(FUZZ_OUT_DIR)/%.S

$(FUZZ_OUT_DIR)/%.S: $(FUZZ_GEN)
	@mkdir -p $(@D)
	$(PYTHON) $(FUZZ_GEN) $* --length $(FUZZ_LENGTH) -o $@

$(FUZZ_OUT_DIR)/%.elf: $(FUZZ_OUT_DIR)/%.S $(FUZZ_LDSCRIPT)
	$(FUZZ_CC) $(FUZZ_ASFLAGS) $(FUZZ_LDFLAGS) -o $@ $<

.PHONY: fuzz fuzz-check fuzz-virt fuzz-clean
fuzz:
	$(PYTHON) $(FUZZ_RUN) --seeds $(SEEDS) --first $(FUZZ_FIRST) --jobs $(FUZZ_JOBS) \
	    --length $(FUZZ_LENGTH) --build-dir $(FUZZ_OUT_DIR) $(FUZZ_ARGS)

fuzz-check:
	$(PYTHON) $(FUZZ_RUN) --seed-list $(FUZZ_CHECK_SEEDS) --jobs $(FUZZ_JOBS) \
	    --length $(FUZZ_LENGTH) --build-dir $(FUZZ_OUT_DIR) --twice

fuzz-virt: guests
	@$(MAKE) --no-print-directory fuzz FUZZ_ARGS="--virtualized $(FUZZ_ARGS)"

fuzz-clean:
	rm -rf $(FUZZ_OUT_DIR) $(FUZZ_VIRT_DIR)

.DEFAULT_GOAL := $(fuzz_saved_default_goal)
