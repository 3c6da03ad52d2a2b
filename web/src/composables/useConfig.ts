/** The console's run-time settings (`/console-config.json`): how people sign in in this deployment. */
export type ConsoleConfig =
  | { auth: 'local' }
  | { auth: 'oidc'; authority: string; clientId: string; scope?: string };

let loaded: Promise<ConsoleConfig> | undefined;

export function consoleConfig(): Promise<ConsoleConfig> {
  loaded ??= fetch('/console-config.json', { cache: 'no-store' }).then(async (res) => {
    if (!res.ok) throw new Error(`console-config.json: ${res.status}`);
    return (await res.json()) as ConsoleConfig;
  });
  return loaded;
}
