#include "CPlugboardShims.h"

extern void *swift_task_enqueueGlobal_hook;

void **plugboard_swift_task_enqueueGlobal_hook_address(void) {
    return &swift_task_enqueueGlobal_hook;
}
