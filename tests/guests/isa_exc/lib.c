/* Console, exception log and handler of isa_exc: the shared runtime. */
#include "../isa_common/isa_lib.c"
