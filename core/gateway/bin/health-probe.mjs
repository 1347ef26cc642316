/**
 * The container's health check (the image's HEALTHCHECK; slim images have no curl): asks this
 * container's gateway for `/health/ready` (or `/health/live` with the argument `live`) and exits 0 on
 * a 200, 1 on anything else, a refused connection or no answer within 4 s.
 *
 *   node core/gateway/bin/health-probe.mjs [ready|live]
 *
 * It reads the gateway's own variables: PORT, HOST (an address bound to all interfaces is probed on
 * loopback) and CONDUIT_TLS_CERT_FILE (then HTTPS, without checking the certificate, which may be
 * issued for a name loopback does not carry).
 */
import http from 'node:http';
import https from 'node:https';

const which = process.argv[2] ?? 'ready';
if (which !== 'ready' && which !== 'live') {
  process.stderr.write(`health-probe: unknown check "${which}" (ready or live)\n`);
  process.exit(2);
}
const port = Number(process.env.PORT || 8080);
const bound = process.env.HOST || '0.0.0.0';
const host = bound === '0.0.0.0' || bound === '::' ? '127.0.0.1' : bound;
const client = process.env.CONDUIT_TLS_CERT_FILE ? https : http;

const request = client.get({ host, port, path: `/health/${which}`, timeout: 4_000, rejectUnauthorized: false }, (response) => {
  let body = '';
  response.setEncoding('utf8');
  response.on('data', (chunk) => (body += chunk));
  response.on('end', () => {
    if (response.statusCode !== 200) process.stderr.write(`health-probe: /health/${which} answered ${response.statusCode} ${body}\n`);
    process.exit(response.statusCode === 200 ? 0 : 1);
  });
});
request.on('timeout', () => request.destroy(new Error('no answer within 4 s')));
request.on('error', (error) => {
  process.stderr.write(`health-probe: /health/${which} on ${host}:${port}: ${error.message}\n`);
  process.exit(1);
});
