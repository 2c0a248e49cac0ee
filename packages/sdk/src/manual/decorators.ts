import { withAgent, withTool, withWorkflow, type AgentSpec, type ToolSpec } from './api.js';

/**
 * Method decorators for classes: `@agent()`, `@tool()`, `@workflow()`.
 * They work with both TypeScript decorator flavours: the standard (TC39,
 * TypeScript ≥ 5 default) `(method, context)` form and the legacy
 * `experimentalDecorators` `(target, key, descriptor)` form used by NestJS
 * and older code. The method's arguments, `this` and return value pass
 * through untouched.
 *
 * Default names: `@agent()` the class name, `@tool()` and `@workflow()` the method name.
 */
type AnyMethod = (this: unknown, ...args: unknown[]) => unknown;
type Wrap = (self: unknown, methodName: string, call: () => unknown) => unknown;

function decorator(wrap: Wrap) {
  return function (target: unknown, contextOrKey: unknown, descriptor?: PropertyDescriptor): any {
    if (typeof contextOrKey === 'object' && contextOrKey !== null && 'kind' in contextOrKey) {
      const method = target as AnyMethod;
      const name = String((contextOrKey as unknown as { name: string | symbol }).name);
      return function (this: unknown, ...args: unknown[]) {
        return wrap(this, name, () => method.apply(this, args));
      };
    }
    if (descriptor && typeof descriptor.value === 'function') {
      const method = descriptor.value as AnyMethod;
      const name = String(contextOrKey);
      descriptor.value = function (this: unknown, ...args: unknown[]) {
        return wrap(this, name, () => method.apply(this, args));
      };
      return descriptor;
    }
    return descriptor;
  };
}

function className(self: unknown): string {
  const ctor = (self as { constructor?: { name?: string } } | undefined)?.constructor;
  return ctor?.name || 'agent';
}

/** Wraps the method in `withAgent`. */
export function agent(spec?: string | Partial<AgentSpec>) {
  return decorator((self, _method, call) => {
    const resolved = typeof spec === 'string' ? { name: spec } : { ...spec, name: spec?.name ?? className(self) };
    return withAgent(resolved, call);
  });
}

/** Wraps the method in `withTool`. */
export function tool(spec?: string | Partial<ToolSpec>) {
  return decorator((_self, method, call) => {
    const resolved = typeof spec === 'string' ? { name: spec } : { ...spec, name: spec?.name ?? method };
    return withTool(resolved, call);
  });
}

/** Wraps the method in `withWorkflow`. */
export function workflow(name?: string) {
  return decorator((_self, method, call) => withWorkflow(name ?? method, call));
}
