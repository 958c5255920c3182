# Proteus-405: one Makefile for the core, the guests, the tests and the tools.
#
#   make run   [CONFIG=demo]   build build/<config>/proteus.elf and boot it in QEMU
#   make check                 everything CI runs; ends with "N passed, N failed"
#   make image [CONFIG=demo]   build one configuration's boot image only
#   make footprint [CONFIG=demo]  its footprint, like the paper's Table 2
#   make evidence [CONFIG=demo]   its evidence bundle (build/<config>/evidence)
#
# A configuration is config/<name>.conf; tools/config compiles it into
# build/<name>/gen/ (headers, tables, image blob, linker script).

CONFIG  ?= demo
CROSS   ?= powerpc-linux-gnu-
QEMU    ?= qemu-system-ppc
PYTHON  ?= python3
BUILD   := build
CONFIGS := $(sort $(basename $(notdir $(wildcard config/*.conf))))

# CONFIG_FILE lets a test build a configuration written elsewhere (the
# differential harness writes its own under build/); its name is CONFIG.
CONFIG_FILE ?= config/$(CONFIG).conf
B       := $(BUILD)/$(CONFIG)
GEN     := $(B)/gen

# ---- the core -----------------------------------------------------------
CORE_SRCS := kernel/core/region.c kernel/core/sched.c kernel/core/console.c \
             kernel/core/partition.c kernel/core/tlb.c kernel/core/health.c \
             kernel/core/hcall.c kernel/core/trap.c kernel/core/boot.c \
             kernel/core/vtimer.c kernel/core/vuic.c kernel/core/vtlb.c kernel/core/vcpu.c \
             kernel/core/emul.c
ARCH_SRCS := kernel/arch/ppc405/start.S kernel/arch/ppc405/vectors.S \
             kernel/arch/ppc405/machine.S kernel/arch/ppc405/reload.S
CORE_HDRS := $(wildcard kernel/include/proteus/*.h)
CONFIG_TOOL := $(wildcard tools/config/*.py)

TARGET_CFLAGS := -mcpu=405 -msoft-float -ffreestanding -fno-pic -no-pie -static \
    -Os -std=c11 -Wall -Wextra -Werror -msdata=none -fno-builtin \
    -fno-tree-loop-distribute-patterns -fno-common -Ikernel/include
# -g: tools/wcet maps loops to their @wcet-bound annotations through the
# line table; it changes no code.  -fno-jump-tables: every switch is a
# compare chain, so every branch target is static (tools/wcet).
CORE_CFLAGS := $(TARGET_CFLAGS) -g -fno-jump-tables -I$(GEN)

CORE_OBJS := $(patsubst kernel/%.c,$(B)/obj/%.o,$(CORE_SRCS)) \
             $(patsubst kernel/%.S,$(B)/obj/%.o,$(ARCH_SRCS)) \
             $(B)/obj/gen/config_data.o $(B)/obj/gen/images.o

.PHONY: all image run check setup guests clean help wcet
.DEFAULT_GOAL := image

help:
	@sed -n '3,8p' Makefile | sed 's/^# \{0,1\}//'

setup:
	@tools/setup

include tests/guests/guests.mk
include tests/fuzz/fuzz.mk
include tools/footprint/footprint.mk

image: $(B)/proteus.elf

# The structures' layout depends on the configuration's switches (a
# disabled capability has no fields), so the offsets are per configuration.
$(GEN)/asm-offsets.h: kernel/arch/ppc405/asm-offsets.c $(CORE_HDRS) $(GEN)/config.h tools/asmoffsets/__main__.py
	$(CROSS)gcc $(TARGET_CFLAGS) -I$(GEN) -c $< -o $(GEN)/asm-offsets.o
	$(PYTHON) tools/asmoffsets $(GEN)/asm-offsets.o $@.tmp
	@if cmp -s $@.tmp $@; then rm $@.tmp; else mv $@.tmp $@; fi

$(GEN)/.stamp: $(CONFIG_FILE) $(CONFIG_TOOL) $(GUEST_ELFS)
	@mkdir -p $(GEN)
	$(PYTHON) tools/config --root . --out $(GEN) $<
	@touch $@

# tools/config rewrites a generated file only when its content changes, so
# the core's objects, which depend on config.h alone, are not recompiled
# when only the tables or the images change (the empty recipe makes make
# look at config.h's own time again).
$(GEN)/config.h $(GEN)/config_data.c $(GEN)/images.S $(GEN)/proteus.ld: $(GEN)/.stamp ;

$(B)/obj/%.o: kernel/%.c $(CORE_HDRS) $(GEN)/config.h Makefile
	@mkdir -p $(@D)
	$(CROSS)gcc $(CORE_CFLAGS) -c $< -o $@

$(B)/obj/%.o: kernel/%.S $(CORE_HDRS) $(GEN)/asm-offsets.h $(GEN)/config.h Makefile
	@mkdir -p $(@D)
	$(CROSS)gcc $(CORE_CFLAGS) -Wa,-mregnames -Wa,--fatal-warnings -Wa,--noexecstack -c $< -o $@

$(B)/obj/gen/%.o: $(GEN)/%.c $(GEN)/.stamp
	@mkdir -p $(@D)
	$(CROSS)gcc $(CORE_CFLAGS) -c $< -o $@

$(B)/obj/gen/%.o: $(GEN)/%.S $(GEN)/.stamp
	@mkdir -p $(@D)
	$(CROSS)gcc $(CORE_CFLAGS) -Wa,--noexecstack -c $< -o $@

$(B)/proteus.elf: $(CORE_OBJS) $(GEN)/.stamp
	$(CROSS)gcc $(TARGET_CFLAGS) -nostdlib -T $(GEN)/proteus.ld -Wl,--build-id=none \
	    -Wl,--no-warn-rwx-segments -Wl,--fatal-warnings \
	    -Wl,-Map,$(B)/proteus.map -o $@ $(CORE_OBJS) -lgcc
	$(CROSS)objdump -d $@ > $(B)/proteus.lst

# ---- static WCET bounds of every entry path (tools/wcet, spec/wcet.md) ----
wcet: $(B)/proteus.elf
	@$(PYTHON) tools/wcet $(B)/proteus.elf --json $(B)/wcet.json > $(B)/wcet.txt; \
	    rc=$$?; cat $(B)/wcet.txt; exit $$rc

# ---- running ------------------------------------------------------------
QEMU_FLAGS := -M ref405ep -nographic

run: setup
	@$(MAKE) --no-print-directory image CONFIG=$(CONFIG)
	@echo "Booting $(B)/proteus.elf; quit with Ctrl-A then X."
	$(QEMU) $(QEMU_FLAGS) -icount shift=0,sleep=off -kernel $(B)/proteus.elf

clean:
	rm -rf $(BUILD)

include tests/check.mk
include proofs/proofs.mk
include tools/evidence/evidence.mk
