import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '..', '..');
export const FIXTURES = path.join(ROOT, 'test', 'fixtures');

export interface FixtureResult {
  code: number | null;
  stdout: string;
  stderr: string;
  durationMs: number;
}

/** The node binary tests run children with: AGENTMETER_TEST_NODE (the Node 24 CI leg) or this one. */
export const NODE = process.env.AGENTMETER_TEST_NODE || process.execPath;

/**
 * Runs a fixture script in a real `node` child process (auto-instrumentation
 * cannot be observed inside jest's module sandbox), with extra node flags and
 * environment, and collects its output.
 */
export function runFixture(
  script: string,
  options: {
    flags?: string[];
    env?: Record<string, string | undefined>;
    timeoutMs?: number;
    args?: string[];
    /** Called once the child prints a `{"type":"ready"}` line; the child's stdin is closed afterwards (its cue to finish). */
    whenReady?: () => Promise<void>;
  } = {},
): Promise<FixtureResult> {
  const started = Date.now();
  const env: Record<string, string | undefined> = { ...process.env, NODE_OPTIONS: undefined, ...options.env };
  for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
  return new Promise((resolve, reject) => {
    const child = spawn(NODE, [...(options.flags ?? []), path.resolve(FIXTURES, script), ...(options.args ?? [])], {
      cwd: ROOT,
      env: env as NodeJS.ProcessEnv,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let readySeen = false;
    let readyError: unknown;
    if (!options.whenReady) child.stdin.end();
    child.stdout.on('data', d => {
      stdout += d;
      if (options.whenReady && !readySeen && stdout.includes('"type":"ready"')) {
        readySeen = true;
        options.whenReady().then(
          () => child.stdin.end(),
          error => {
            readyError = error;
            child.stdin.end();
          },
        );
      }
    });
    child.stderr.on('data', d => (stderr += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`fixture ${script} timed out\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, options.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', code => {
      clearTimeout(timer);
      if (readyError) reject(readyError);
      else resolve({ code, stdout, stderr, durationMs: Date.now() - started });
    });
  });
}

/** A TCP port nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** The last line of stdout that parses as JSON with the given `type`. */
export function jsonLine<T = any>(stdout: string, type: string): T {
  for (const line of stdout.trim().split('\n').reverse()) {
    try {
      const parsed = JSON.parse(line);
      if (parsed && parsed.type === type) return parsed as T;
    } catch {
      // not JSON
    }
  }
  throw new Error(`no JSON line of type ${type} in:\n${stdout}`);
}

/** Parses Prometheus text exposition into samples. */
export function parsePrometheus(text: string): Array<{ name: string; labels: Record<string, string>; value: number }> {
  const samples = [];
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/.exec(line);
    if (!m) continue;
    const labels: Record<string, string> = {};
    for (const lm of (m[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[lm[1]] = lm[2];
    samples.push({ name: m[1], labels, value: Number(m[3]) });
  }
  return samples;
}
