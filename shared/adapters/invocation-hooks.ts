/**
 * Work to do before each invocation, registered by the modules that need it at import: today
 * refreshing the secrets a function reads synchronously (secrets.ts). A function whose bundle
 * does not import such a module neither carries nor runs anything; `httpHandler` and the worker
 * handlers that need it await `runInvocationHooks()` first.
 */
const hooks: Array<() => Promise<void>> = [];

export function beforeEachInvocation(hook: () => Promise<void>): void {
  if (!hooks.includes(hook)) hooks.push(hook);
}

export async function runInvocationHooks(): Promise<void> {
  await Promise.all(hooks.map((hook) => hook()));
}
