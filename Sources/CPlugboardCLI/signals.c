// The plugboard tool blocks SIGINT and SIGTERM before anything else runs (a constructor runs before the Swift
// runtime's main and before any thread exists; every thread inherits the mask), so that a signal arriving before
// the tool's trap is registered waits for it instead of killing a host that may have started plugins. The
// launcher clears the mask in every plugin it starts.
#include <signal.h>
#include "CPlugboardCLI.h"

static int blocked_early = 0;

__attribute__((constructor)) static void plugboard_cli_block_signals(void) {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    blocked_early = pthread_sigmask(SIG_BLOCK, &set, 0) == 0;
    // A write to a plugin (or a pipe) that went away fails with EPIPE rather than killing the tool.
    signal(SIGPIPE, SIG_IGN);
}

int plugboard_cli_signals_blocked_early(void) { return blocked_early; }
