#ifndef C_PLUGBOARD_CLI_H
#define C_PLUGBOARD_CLI_H

/// Whether SIGINT and SIGTERM were blocked before `main` (by this module's constructor, before any thread).
int plugboard_cli_signals_blocked_early(void);

#endif
