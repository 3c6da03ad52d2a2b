/**
 * `npm start` stops cleanly when its npm process gets SIGINT or SIGTERM (as a process manager or
 * `kill` sends it, not only Ctrl-C to the whole terminal group): no DynamoDB Local java is left.
 * The script execs the stack, so npm's forwarded signal reaches it instead of a `sh -c` between.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as { port: number };
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

/** Any process (the java or its shell wrapper) still serving DynamoDB Local on that port. */
function dynamoProcessesOnPort(port: string): string[] {
  const ps = spawnSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' }).stdout;
  return ps
    .split('\n')
    .filter((l) => l.includes('DynamoDBLocal') && new RegExp(`-port ${port}( |$)`).test(l));
}

function waitForOutput(child: ChildProcess, pattern: RegExp, ms: number): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`no ${pattern} within ${ms} ms:\n${seen}`)), ms);
    child.stdout?.on('data', (chunk: Buffer) => {
      seen += chunk.toString('utf8');
      const m = pattern.exec(seen);
      if (m) {
        clearTimeout(timer);
        resolve(m);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`npm start exited (${code}) before it was ready:\n${seen}`));
    });
  });
}

describe('npm start', () => {
  it('stops on SIGINT to the npm process and leaves no java behind', { timeout: 120_000 }, async () => {
    const port = await freePort();
    const npm = spawn('npm', ['start', '--', '--in-memory'], {
      cwd: ROOT,
      env: { ...process.env, PORT: String(port) },
      stdio: ['ignore', 'pipe', 'ignore'],
      // its own process group, so a failed run can still be cleaned up whole (below)
      detached: true,
    });
    try {
      const ready = await waitForOutput(
        npm,
        /DynamoDB\s+http:\/\/[^:]+:(\d+)[\s\S]*Ctrl-C stops everything/,
        90_000,
      );
      const dynamoPort = ready[1] ?? '';
      expect(dynamoProcessesOnPort(dynamoPort)).not.toEqual([]);
      expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200);

      const exited = new Promise<number | null | 'still running'>((r) => {
        npm.once('exit', (code) => r(code));
        setTimeout(() => r('still running'), 20_000);
      });
      npm.kill('SIGINT');
      const code = await exited;
      expect(code).toBe(0);

      const deadline = Date.now() + 10_000;
      while (dynamoProcessesOnPort(dynamoPort).length > 0 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(dynamoProcessesOnPort(dynamoPort)).toEqual([]);
      await expect(fetch(`http://127.0.0.1:${port}/health`)).rejects.toThrow();
    } finally {
      try {
        process.kill(-(npm.pid ?? 0), 'SIGKILL');
      } catch {
        // the group is already gone: the stack stopped by itself
      }
    }
  });
});
