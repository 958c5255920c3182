/*
 * The per-configuration part of the proofs: the generated tables of one
 * configuration (build/<config>/gen/config_data.c, in the same run)
 * satisfy config_ok, the predicate under which the core's C is proven
 * (kernel/include/proteus/tables.h).  WP knows a const global's initial
 * value, so this goal is about the configuration's actual tables.
 * REQ: CFG-001.
 */
#include <proteus/tables.h>

/*@ assigns \nothing;
    ensures config_ok;
*/
void config_ok_holds(void)
{
}
