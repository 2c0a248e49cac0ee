/**
 * Thrown by `register()` for invalid explicit options: a programmer's mistake
 * that should be seen at the first run. `code` is stable; `path` names the
 * option, e.g. `prometheus.port`.
 */
export class AgentmeterConfigError extends Error {
  readonly code: string;
  readonly path: string;

  constructor(code: string, path: string, message: string) {
    super(`agentmeter: invalid option ${path}: ${message}`);
    this.name = 'AgentmeterConfigError';
    this.code = code;
    this.path = path;
  }
}
