#ifndef C_PLUGBOARD_SHIMS_H
#define C_PLUGBOARD_SHIMS_H

/// The address of the Swift runtime's global-enqueue hook. Resolved at link time, so it works when the runtime is
/// linked statically and the symbol is not exported for dlsym (which is how SwiftNIO looks for it).
void *_Nullable * _Nonnull plugboard_swift_task_enqueueGlobal_hook_address(void);

#endif
