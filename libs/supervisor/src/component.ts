export interface ComponentSpec {
  /** Unique name, used by `--skip` and as the log file name. */
  name: string;
  /** Executable (usually process.execPath) and its arguments. */
  command: string;
  args: string[];
  env?: Record<string, string>;
  cwd?: string;
  /**
   * Resolves once the component serves (e.g. polls its /readyz). The supervisor starts components one after
   * another and waits for each to be ready before the next, so later ones may rely on earlier ones.
   */
  ready?: (signal: AbortSignal) => Promise<void>;
  /** How long `ready` may take before the start is called failed. */
  readyTimeoutMs?: number;
  /**
   * Stop time this component must be guaranteed even when the ones stopped before it (later in start order)
   * are slow: the supervisor keeps it out of their share of the stop budget. For components whose SIGKILL would
   * leave work behind (a node agent's Pods run in process groups of their own).
   */
  stopReserveMs?: number;
  /** What the user should know once it is ready (URLs), printed by the caller. */
  describe?: () => string[];
}

export type ComponentState = 'starting' | 'ready' | 'restarting' | 'stopping' | 'stopped' | 'failed';

export interface ComponentEvent {
  component: string;
  state: ComponentState;
  pid?: number;
  exitCode?: number | null;
  signal?: string | null;
  restarts?: number;
  delayMs?: number;
  message?: string;
}
