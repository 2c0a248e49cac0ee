import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from './spawn-fixture';

/** A throwaway `redis-server` (Debian package) on a free loopback port: temp dir, no persistence. */
export interface RedisServer {
  port: number;
  url: string;
  stop(): Promise<void>;
}

/** The redis-server binary, or a clear error naming the package CI installs. */
export function redisServerBinary(): string {
  for (const candidate of [process.env.REDIS_SERVER_BIN, '/usr/bin/redis-server', '/usr/local/bin/redis-server']) {
    if (candidate && spawnSync(candidate, ['--version']).status === 0) return candidate;
  }
  const onPath = spawnSync('redis-server', ['--version']);
  if (onPath.status === 0) return 'redis-server';
  throw new Error(
    'redis-server not found: the Redis state-I/O tests need the Debian package `redis-server` ' +
      '(CI installs it; locally: apt-get install -y redis-server, or set REDIS_SERVER_BIN)',
  );
}

/** Starts redis-server on 127.0.0.1 and resolves once it answers PING (retries on a port race). */
export async function startRedisServer(): Promise<RedisServer> {
  const binary = redisServerBinary();
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const dir = mkdtempSync(path.join(tmpdir(), 'agentmeter-redis-'));
    const child = spawn(
      binary,
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--daemonize', 'no', '--loglevel', 'warning'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout?.on('data', d => (output += d));
    child.stderr?.on('data', d => (output += d));
    try {
      await waitForPing(port, child, 15_000);
      return { port, url: `redis://127.0.0.1:${port}`, stop: () => stop(child, dir) };
    } catch (error) {
      lastError = new Error(`redis-server did not start on port ${port}: ${(error as Error).message}\n${output}`);
      await stop(child, dir);
    }
  }
  throw lastError;
}

function waitForPing(port: number, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      if (child.exitCode !== null) return reject(new Error(`exited with code ${child.exitCode}`));
      if (Date.now() > deadline) return reject(new Error('no PONG in time'));
      const socket = connect(port, '127.0.0.1');
      let reply = '';
      let finished = false;
      socket.setTimeout(1000);
      socket.on('connect', () => socket.write('PING\r\n'));
      socket.on('data', d => {
        reply += d;
        if (!finished && reply.includes('+PONG')) {
          finished = true;
          socket.destroy();
          resolve();
        }
      });
      const retry = () => {
        if (finished) return;
        finished = true;
        socket.destroy();
        setTimeout(attempt, 50);
      };
      socket.on('error', retry);
      socket.on('timeout', retry);
      socket.on('close', retry);
    };
    attempt();
  });
}

function stop(child: ChildProcess, dir: string): Promise<void> {
  return new Promise(resolve => {
    const done = () => {
      rmSync(dir, { recursive: true, force: true });
      resolve();
    };
    if (child.exitCode !== null || child.signalCode !== null) return done();
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(timer);
      done();
    });
    child.kill('SIGTERM');
  });
}
