import {
  InstrumentationBase,
  InstrumentationNodeModuleDefinition,
  InstrumentationNodeModuleFile,
  isWrapped,
} from '@opentelemetry/instrumentation';
import { createRequire } from 'node:module';
import path from 'node:path';
import { reportInternalError } from '../../diag.js';
import { VERSION } from '../../version.js';
import type { AgentmeterInstrumentationConfig } from '../types.js';
import { wrapCallTool } from './call-tool.js';

/*
 * MCP clients: `Client.prototype.callTool` of the Model Context Protocol
 * TypeScript SDK, in both of its generations:
 * - @modelcontextprotocol/sdk 1.x — `Client` lives in `client/index.js`
 *   (imported as `@modelcontextprotocol/sdk/client/index.js` or `…/client`);
 * - @modelcontextprotocol/client 2.x — `Client` is exported by the package
 *   (the OpenAI Agents SDK 0.20 uses this one for its MCP servers).
 * https://modelcontextprotocol.io/specification/2025-11-25/server/tools#calling-tools
 * https://github.com/modelcontextprotocol/typescript-sdk
 *
 * How 1.x is reached: import-in-the-middle only wraps modules imported by a
 * hooked specifier, so for ESM the public subpaths are hooked. For require(),
 * require-in-the-middle cannot see any file of the package: it classifies a
 * package's files by resolving the package's main entry, and 1.x's `"."`
 * export points to a file it does not ship (`dist/cjs/index.js`, as of
 * 1.32.2), so every require of the package is passed over. The CommonJS
 * client file is therefore hooked by its absolute path, resolved the way the
 * app resolves it (from the main script's directory and from the working
 * directory) — the form InstrumentationBase gives absolute module names:
 * a file named after the module's base name, version checked here.
 */

/** Tested: @modelcontextprotocol/sdk 1.32.2 (callTool(params, resultSchema?, options?) since 1.0). */
export const SDK_VERSIONS = ['>=1.0.0 <2'];
/** Tested: @modelcontextprotocol/client 2.4.0 (callTool(params, options?)). */
export const CLIENT_VERSIONS = ['>=2.0.0 <3'];

type ClientExports = { Client?: { prototype?: { callTool?: unknown } } };

export class McpClientInstrumentation extends InstrumentationBase<AgentmeterInstrumentationConfig> {
  constructor(config: AgentmeterInstrumentationConfig = {}) {
    super('@agentmeter/instrumentation-mcp', VERSION, config);
  }

  protected init(): InstrumentationNodeModuleDefinition[] {
    const patch = <T>(exports: T): T => this._patch(exports);
    const unpatch = (exports: unknown): void => this._unpatch(exports);
    const cjsClients = commonJsClientFiles().map(
      ({ file, version }) =>
        new InstrumentationNodeModuleDefinition(file, ['*'], undefined, undefined, [
          new InstrumentationNodeModuleFile(path.parse(file).name, ['*'], exports => (isSdkV1(version) ? patch(exports) : exports), unpatch),
        ]),
    );
    return [
      ...cjsClients,
      new InstrumentationNodeModuleDefinition('@modelcontextprotocol/sdk/client/index.js', SDK_VERSIONS, patch, unpatch),
      new InstrumentationNodeModuleDefinition('@modelcontextprotocol/sdk/client', SDK_VERSIONS, patch, unpatch),
      new InstrumentationNodeModuleDefinition('@modelcontextprotocol/client', CLIENT_VERSIONS, patch, unpatch),
    ];
  }

  private _patch<T>(exports: T): T {
    try {
      const proto = (exports as ClientExports)?.Client?.prototype;
      if (proto && typeof proto.callTool === 'function' && !isWrapped(proto.callTool)) {
        const deps = { tracer: () => this.tracer, config: () => this.getConfig() };
        this._wrap(proto as { callTool: never }, 'callTool', ((original: never) => wrapCallTool(original, deps)) as never);
      }
    } catch (error) {
      reportInternalError('mcp.patch', error);
    }
    return exports;
  }

  private _unpatch(exports: unknown): void {
    const proto = (exports as ClientExports)?.Client?.prototype;
    if (proto && isWrapped(proto.callTool)) this._unwrap(proto as { callTool: unknown }, 'callTool');
  }
}

/** `dist/cjs/client/index.js` of the @modelcontextprotocol/sdk copies the app would require, with their versions. */
function commonJsClientFiles(): Array<{ file: string; version: string | undefined }> {
  const found = new Map<string, string | undefined>();
  const from = [process.argv[1] ? path.dirname(path.resolve(process.argv[1])) : undefined, process.cwd()];
  for (const dir of from) {
    if (!dir) continue;
    try {
      const resolve = createRequire(path.join(dir, 'noop.js')).resolve;
      const file = resolve('@modelcontextprotocol/sdk/client/index.js');
      if (file.endsWith(path.join('dist', 'cjs', 'client', 'index.js')) && !found.has(file)) {
        found.set(file, packageVersion(file));
      }
    } catch {
      // not installed where this app runs
    }
  }
  return [...found].map(([file, version]) => ({ file, version }));
}

/** The version in the package.json three levels above dist/cjs/client/index.js. */
function packageVersion(file: string): string | undefined {
  try {
    const json = createRequire(file)(path.resolve(path.dirname(file), '..', '..', '..', 'package.json')) as { name?: string; version?: string };
    return json.name === '@modelcontextprotocol/sdk' ? json.version : undefined;
  } catch {
    return undefined;
  }
}

/** SDK_VERSIONS (`>=1.0.0 <2`) for a version read by hand (InstrumentationBase cannot check absolute-path modules). */
function isSdkV1(version: string | undefined): boolean {
  return typeof version === 'string' && /^1\.\d+\.\d+/.test(version);
}
