/**
 * The container image's parts that CI can check without a Docker engine (scripts/docker-smoke.sh
 * builds and runs the image itself): the health probe its HEALTHCHECK runs, against a real server;
 * the Dockerfile's command staying `npm start`'s; what the build context leaves out; and
 * docker-compose.yml taking every secret from the environment.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { selfSignedCertificate } from '../support/self-signed-certificate.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const probe = path.join(root, 'core/gateway/bin/health-probe.mjs');
const read = (file: string): string => readFileSync(path.join(root, file), 'utf8');

interface ProbeOutcome {
  code: number | null;
  stderr: string;
  ms: number;
}

function runProbe(env: Record<string, string>, args: string[] = []): Promise<ProbeOutcome> {
  const started = Date.now();
  return new Promise((resolve) => {
    execFile(process.execPath, [probe, ...args], { env: { PATH: process.env.PATH ?? '', ...env }, timeout: 15_000 }, (error, _stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stderr, ms: Date.now() - started });
    });
  });
}

/** A server answering each path with a status; `hang` paths never answer. Returns its port and the paths asked. */
async function withServer(
  routes: Record<string, number | 'hang'>,
  run: (port: number, asked: string[]) => Promise<void>,
  tls?: { cert: string; key: string },
): Promise<void> {
  const asked: string[] = [];
  const handler = (request: http.IncomingMessage, response: http.ServerResponse): void => {
    asked.push(request.url ?? '');
    const route = routes[request.url ?? ''];
    if (route === 'hang') return;
    response.writeHead(route ?? 404, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ status: route === 200 ? 'ok' : 'unavailable', failing: ['database'] }));
  };
  const server = tls ? https.createServer(tls, handler) : http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    await run((server.address() as AddressInfo).port, asked);
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

test('the health probe exits 0 when /health/ready answers 200, on the port in PORT', async () => {
  await withServer({ '/health/ready': 200 }, async (port, asked) => {
    const outcome = await runProbe({ PORT: String(port) });
    assert.is(outcome.code, 0, outcome.stderr);
    assert.equal(asked, ['/health/ready']);
  });
});

test('the health probe exits 1 when the gateway is not ready, and says what it answered', async () => {
  await withServer({ '/health/ready': 503, '/health/live': 200 }, async (port) => {
    const outcome = await runProbe({ PORT: String(port) });
    assert.is(outcome.code, 1);
    assert.match(outcome.stderr, '/health/ready answered 503');
    assert.match(outcome.stderr, '"failing":["database"]');
  });
});

test('`live` asks /health/live instead', async () => {
  await withServer({ '/health/ready': 503, '/health/live': 200 }, async (port, asked) => {
    const outcome = await runProbe({ PORT: String(port) }, ['live']);
    assert.is(outcome.code, 0, outcome.stderr);
    assert.equal(asked, ['/health/live']);
  });
});

test('an unknown check is refused with exit 2, before any request', async () => {
  await withServer({ '/health/ready': 200 }, async (port, asked) => {
    const outcome = await runProbe({ PORT: String(port) }, ['readyz']);
    assert.is(outcome.code, 2);
    assert.match(outcome.stderr, 'unknown check "readyz"');
    assert.equal(asked, []);
  });
});

test('the health probe exits 1 when nothing listens', async () => {
  let closedPort = 0;
  await withServer({}, async (port) => {
    closedPort = port;
  });
  const outcome = await runProbe({ PORT: String(closedPort) });
  assert.is(outcome.code, 1);
  assert.match(outcome.stderr, 'ECONNREFUSED');
});

test('the health probe gives up on a gateway that does not answer, within its 4 s', async () => {
  await withServer({ '/health/ready': 'hang' }, async (port) => {
    const outcome = await runProbe({ PORT: String(port) });
    assert.is(outcome.code, 1);
    assert.match(outcome.stderr, 'no answer within 4 s');
    assert.ok(outcome.ms >= 3_900 && outcome.ms < 8_000, `gave up after ${outcome.ms} ms`);
  });
});

test('the health probe uses HTTPS when the gateway serves TLS, and HOST when it is one address', async () => {
  const certificate = selfSignedCertificate();
  const tls = { cert: certificate.cert, key: readFileSync(certificate.keyFile, 'utf8') };
  await withServer(
    { '/health/ready': 200 },
    async (port) => {
      assert.is((await runProbe({ PORT: String(port) })).code, 1, 'plain HTTP to a TLS port fails');
      const outcome = await runProbe({ PORT: String(port), HOST: '127.0.0.1', CONDUIT_TLS_CERT_FILE: certificate.certFile });
      assert.is(outcome.code, 0, outcome.stderr);
    },
    tls,
  );
  await withServer({ '/health/ready': 200 }, async (port) => {
    const outcome = await runProbe({ PORT: String(port), HOST: '127.0.0.2' });
    assert.is(outcome.code, 1, 'nothing listens on 127.0.0.2');
    assert.match(outcome.stderr, '127.0.0.2');
  });
});

/** The JSON array of the last unindented `instruction [` line (exec form; an indented CMD belongs to a HEALTHCHECK). */
function execForm(dockerfile: string, instruction: string): string[] {
  const line = dockerfile.split('\n').findLast((text) => text.startsWith(`${instruction} [`));
  assert.ok(line, `an exec-form ${instruction}`);
  return JSON.parse(line.slice(instruction.length)) as string[];
}

test("the image runs npm start's command line, in exec form, under tini, as the probe's HEALTHCHECK", () => {
  const dockerfile = read('Dockerfile');
  const start = (JSON.parse(read('package.json')) as { scripts: { start: string } }).scripts.start;
  assert.equal(execForm(dockerfile, 'CMD'), start.replace(/^exec /, '').split(' '));
  assert.equal(execForm(dockerfile, 'ENTRYPOINT'), ['/usr/bin/tini', '--']);
  // The build's warm-up start must use the same flags, or V8's code cache it ships does not match.
  assert.ok(dockerfile.includes(start.replace(/^exec /, '')), 'the warm-up runs the same command line');
  assert.match(dockerfile, /HEALTHCHECK [^\n]*\\\n\s+CMD \["node", "core\/gateway\/bin\/health-probe\.mjs", "ready"\]/);
  assert.match(dockerfile, /^USER conduit$/m);
  assert.match(dockerfile, /^VOLUME \["\/data"\]$/m);
  assert.match(dockerfile, /CONDUIT_DATA_DIR=\/data/);
});

test('the build context leaves out installed, built, local and secret files', () => {
  const ignored = read('.dockerignore')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
  for (const entry of ['**/node_modules', 'admin-svelte/dist', 'data', '.env', '.git', 'bench']) {
    assert.ok(ignored.includes(entry), `.dockerignore lists ${entry}`);
  }
});

test('docker-compose.yml takes every secret from the environment and hard-codes none', () => {
  const compose = read('docker-compose.yml');
  for (const name of ['MARIADB_PASSWORD', 'MARIADB_ROOT_PASSWORD', 'REDIS_PASSWORD', 'CONDUIT_MASTER_KEY', 'CONDUIT_ENCRYPTION_KEY']) {
    const uses = compose.match(new RegExp(`\\$\\{${name}(:[^}]*)?\\}`, 'g')) ?? [];
    assert.ok(uses.length > 0, `${name} is used`);
    for (const use of uses) assert.ok(use.startsWith(`\${${name}:?`), `${use} refuses to start without a value`);
    // Assigned only from a variable: `NAME: value` lines carry no literal.
    for (const line of compose.split('\n').filter((text) => text.trim().startsWith(`${name}:`))) {
      assert.match(line, new RegExp(`${name}: \\$\\{${name}:\\?`), line.trim());
    }
  }
  const example = read('.env.example');
  for (const line of example.split('\n').filter((text) => /^[A-Z_]+=/.test(text))) {
    assert.match(line, /^[A-Z_]+=$/, `.env.example ships no value: ${line}`);
  }
});

test.run();
