/* Console, exception log and handler of isa_spr: the shared runtime. */
#include "../isa_common/isa_lib.c"
