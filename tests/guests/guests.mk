# Test guests of Proteus-405: a GNU make fragment for the top-level Makefile,
# which includes it from the repository root (all paths are relative to it).
#
#   make guests            build/guests/<name>.elf and .lst for every guest
#   make guests-clean      remove build/guests
#
# A guest is tests/guests/<name>/*.c *.S linked with tests/guests/lib.

CROSS ?= powerpc-linux-gnu-

# Keep the including Makefile's default goal.
guests_saved_default_goal := $(.DEFAULT_GOAL)

GUESTS := hello ticker spinner hostile victim regcheck uart rtos isa_msr isa_spr isa_dcr isa_cache isa_tlb isa_exc

GUEST_SRC_DIR := tests/guests
GUEST_LIB_DIR := $(GUEST_SRC_DIR)/lib
GUEST_OUT_DIR := build/guests
GUEST_OBJ_DIR := $(GUEST_OUT_DIR)/obj
GUEST_LDSCRIPT := $(GUEST_LIB_DIR)/guest.ld

GUEST_CC      := $(CROSS)gcc
GUEST_OBJDUMP := $(CROSS)objdump

GUEST_ARCHFLAGS := -mcpu=405 -msoft-float -ffreestanding -nostdlib -fno-pic -no-pie -static
GUEST_CPPFLAGS  := -I kernel/include -I $(GUEST_LIB_DIR)
GUEST_CFLAGS    := $(GUEST_ARCHFLAGS) -Os -std=c11 -Wall -Wextra -Werror -msdata=none \
                   -fno-builtin -fno-tree-loop-distribute-patterns
GUEST_ASFLAGS   := $(GUEST_ARCHFLAGS) -Wall -Werror
GUEST_LDFLAGS   := $(GUEST_ARCHFLAGS) -T $(GUEST_LDSCRIPT) -Wl,--build-id=none \
                   -Wl,--no-warn-rwx-segments -Wl,--fatal-warnings

# Source file (tests/guests/x/y.c or .S) -> object file (build/guests/obj/x/y.o)
guest_objs = $(patsubst $(GUEST_SRC_DIR)/%,$(GUEST_OBJ_DIR)/%.o,$(basename $(1)))

GUEST_LIB_SRCS := $(sort $(wildcard $(GUEST_LIB_DIR)/*.c $(GUEST_LIB_DIR)/*.S))
GUEST_LIB_OBJS := $(call guest_objs,$(GUEST_LIB_SRCS))

GUEST_ELFS := $(GUESTS:%=$(GUEST_OUT_DIR)/%.elf)
GUEST_LSTS := $(GUESTS:%=$(GUEST_OUT_DIR)/%.lst)
GUEST_ALL_OBJS := $(GUEST_LIB_OBJS)

define guest_rules
GUEST_SRCS_$(1) := $$(sort $$(wildcard $(GUEST_SRC_DIR)/$(1)/*.c $(GUEST_SRC_DIR)/$(1)/*.S))
GUEST_OBJS_$(1) := $$(call guest_objs,$$(GUEST_SRCS_$(1)))
GUEST_ALL_OBJS += $$(GUEST_OBJS_$(1))
# A guest whose directory holds its own link script <name>.ld brings its own
# start-up code and vectors: linked with that script, without the library.
GUEST_OWN_LD_$(1) := $$(wildcard $(GUEST_SRC_DIR)/$(1)/$(1).ld)
GUEST_LD_$(1) := $$(or $$(GUEST_OWN_LD_$(1)),$(GUEST_LDSCRIPT))
GUEST_LINK_$(1) := $$(if $$(GUEST_OWN_LD_$(1)),,$$(GUEST_LIB_OBJS)) $$(GUEST_OBJS_$(1))

$(GUEST_OUT_DIR)/$(1).elf: $$(GUEST_LINK_$(1)) $$(GUEST_LD_$(1))
	@mkdir -p $$(@D)
	$$(GUEST_CC) $$(filter-out -T $(GUEST_LDSCRIPT),$$(GUEST_LDFLAGS)) -T $$(GUEST_LD_$(1)) \
	    -o $$@ $$(GUEST_LINK_$(1)) -lgcc

$(GUEST_OUT_DIR)/$(1).lst: $(GUEST_OUT_DIR)/$(1).elf
	$$(GUEST_OBJDUMP) -d -M 405 $$< > $$@
endef

$(foreach g,$(GUESTS),$(eval $(call guest_rules,$(g))))

$(GUEST_OBJ_DIR)/%.o: $(GUEST_SRC_DIR)/%.c
	@mkdir -p $(@D)
	$(GUEST_CC) $(GUEST_CPPFLAGS) $(GUEST_CFLAGS) -MMD -MP -c -o $@ $<

$(GUEST_OBJ_DIR)/%.o: $(GUEST_SRC_DIR)/%.S
	@mkdir -p $(@D)
	$(GUEST_CC) $(GUEST_CPPFLAGS) $(GUEST_ASFLAGS) -MMD -MP -c -o $@ $<

.PHONY: guests guests-clean
guests: $(GUEST_ELFS) $(GUEST_LSTS)

guests-clean:
	rm -rf $(GUEST_OUT_DIR)

-include $(GUEST_ALL_OBJS:.o=.d)

.DEFAULT_GOAL := $(guests_saved_default_goal)
