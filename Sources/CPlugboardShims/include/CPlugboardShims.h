#ifndef C_PLUGBOARD_SHIMS_H
#define C_PLUGBOARD_SHIMS_H

/// The address of the Swift runtime's global-enqueue hook. Resolved at link time, so it works when the runtime is
/// linked statically and the symbol is not exported for dlsym (which is how SwiftNIO looks for it).
void *_Nullable * _Nonnull plugboard_swift_task_enqueueGlobal_hook_address(void);

/// Traps `count` signals of `signals` with a handler that writes the signal's number as one byte to a pipe, and
/// returns a descriptor of the pipe's read end (close-on-exec) for the caller to own, or -1 with errno set. The
/// self-pipe trick: the process reads its signals as bytes on an event loop, with no signal thread (Dispatch's
/// signal sources start two).
///
/// The first call installs the handlers; later calls ignore `signals` and return another descriptor of the same
/// read end. Bytes that do not fit in the pipe are dropped (a signal is already waiting there).
int plugboard_signal_pipe(const int *_Nonnull signals, int count);

/// Writes a 0 byte (no signal has that number) to the signal pipe, to wake its reader; 1, or -1 with errno set.
int plugboard_signal_pipe_wake(void);

#endif
