#!/usr/bin/env node
// Checks what `npm test` and `npm start` need beyond node_modules: Node >= 20.19 and Java 17+
// (for DynamoDB Local). Plain Node, no dependencies. Exits 1 with install instructions on failure.
// With CI=true, as root, on a system with apt-get, a missing/old Java is installed automatically.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const JAVA_HINT = [
  'Install Java 17 or newer (needed by DynamoDB Local):',
  '  Debian/Ubuntu: apt-get install -y openjdk-17-jre-headless',
  '  macOS:         brew install openjdk@17',
].join('\n');

const problems = [];

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  problems.push(`Node ${process.versions.node} is too old: need 20.19 or newer (https://nodejs.org).`);
}

function javaVersion() {
  const r = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) return undefined;
  const m = /version "(\d+)(?:\.(\d+))?/.exec(`${r.stderr}${r.stdout}`);
  if (!m) return 0;
  return m[1] === '1' ? Number(m[2]) : Number(m[1]);
}

let java = javaVersion();
if (
  (java ?? 0) < 17 &&
  process.env.CI === 'true' &&
  process.getuid?.() === 0 &&
  existsSync('/usr/bin/apt-get')
) {
  console.log(
    'check-env: Java 17+ missing; CI=true and root: running apt-get install -y openjdk-17-jre-headless',
  );
  const opts = { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } };
  spawnSync('apt-get', ['update'], opts);
  spawnSync('apt-get', ['install', '-y', '--no-install-recommends', 'openjdk-17-jre-headless'], opts);
  java = javaVersion();
}
if (java === undefined) problems.push(`java not found on the PATH.\n${JAVA_HINT}`);
else if (java < 17) problems.push(`java ${java || '(unknown version)'} is too old.\n${JAVA_HINT}`);

if (problems.length > 0) {
  console.error(`check-env: the environment is not ready:\n\n${problems.join('\n\n')}`);
  process.exit(1);
}
