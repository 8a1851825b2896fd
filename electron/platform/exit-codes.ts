// Exit codes the core and the shell agree on.

/**
 * Exit code of a supervisor-approved exit from the kiosk. The watchdogs (systemd unit's
 * RestartPreventExitStatus, Shell Launcher's ReturnCodeAction) restart the app on any other code.
 */
export const SUPERVISOR_EXIT_CODE = 42;
