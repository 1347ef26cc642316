/**
 * Checks a request's authentication as AWS does, written from the SigV4 specification with
 * node:crypto (not the signing library the plugin uses, so that it checks rather than mirrors):
 * the Authorization header's shape, the credential scope, the clock skew, the session token, the
 * payload hash and finally the signature itself. Failures carry AWS's error types and messages.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { FakeRequest } from './fake-http-server.ts';

export interface AwsTestCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface AuthFailure {
  status: number;
  type: string;
  message: string;
  /** Bedrock's API-key front door answers with `Message`, the SigV4 one with `message`. */
  field?: 'message' | 'Message';
}

export interface AuthSettings {
  region: string;
  service: string;
  credentials: AwsTestCredentials;
  apiKey: string;
  now?: () => Date;
}

const invalidToken = 'The security token included in the request is invalid.';
const signatureMismatch =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';

export function verifyAuthentication(request: FakeRequest, body: Buffer, settings: AuthSettings): AuthFailure | undefined {
  const authorization = header(request, 'authorization');
  if (!authorization) return { status: 403, type: 'MissingAuthenticationTokenException', message: 'Missing Authentication Token' };
  if (authorization.startsWith('Bearer ')) {
    if (authorization.slice(7) === settings.apiKey) return undefined;
    return { status: 403, type: 'AccessDeniedException', message: 'Authentication failed: Please make sure your API Key is valid.', field: 'Message' };
  }
  const match = /^AWS4-HMAC-SHA256 Credential=([^,\s]+),\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-f]{64})$/.exec(authorization);
  if (!match) {
    return {
      status: 403,
      type: 'IncompleteSignatureException',
      message: `Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. Authorization=${authorization.split(' ')[0]}`,
    };
  }
  const [, credential, signedHeaderList, signature] = match as unknown as [string, string, string, string];
  const [accessKeyId, date, region, service, terminator] = credential.split('/');
  if (accessKeyId !== settings.credentials.accessKeyId) return { status: 403, type: 'UnrecognizedClientException', message: invalidToken };
  const token = header(request, 'x-amz-security-token');
  if (token !== settings.credentials.sessionToken) return { status: 403, type: 'UnrecognizedClientException', message: invalidToken };
  if (terminator !== 'aws4_request') return invalidSignature(`Credential should be scoped with a valid terminator: 'aws4_request', not '${terminator}'. `);
  if (region !== settings.region) return invalidSignature(`Credential should be scoped to a valid region. `);
  if (service !== settings.service) return invalidSignature(`Credential should be scoped to correct service: '${settings.service}'. `);
  const amzDate = header(request, 'x-amz-date') ?? '';
  if (!/^\d{8}T\d{6}Z$/.test(amzDate)) return { status: 403, type: 'IncompleteSignatureException', message: 'Authorization header requires existence of either a \'X-Amz-Date\' or a \'Date\' header.' };
  if (amzDate.slice(0, 8) !== date) {
    return invalidSignature(`Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${date}' != '${amzDate.slice(0, 8)}', from '${amzDate}'.`);
  }
  const now = settings.now?.() ?? new Date();
  const signedAt = Date.UTC(+amzDate.slice(0, 4), +amzDate.slice(4, 6) - 1, +amzDate.slice(6, 8), +amzDate.slice(9, 11), +amzDate.slice(11, 13), +amzDate.slice(13, 15));
  if (Math.abs(now.getTime() - signedAt) > 5 * 60_000) {
    return invalidSignature(`Signature expired: ${amzDate} is now earlier than ${isoBasic(new Date(now.getTime() - 5 * 60_000))} (${isoBasic(now)} - 5 min.)`);
  }
  const signedHeaders = signedHeaderList.split(';');
  if (!signedHeaders.includes('host') && !signedHeaders.includes(':authority')) return invalidSignature(`'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.`);
  const payloadHash = sha256Hex(body);
  const declaredHash = header(request, 'x-amz-content-sha256');
  if (declaredHash !== undefined && declaredHash !== payloadHash && declaredHash !== 'UNSIGNED-PAYLOAD') {
    return { status: 400, type: 'XAmzContentSHA256Mismatch', message: "The provided 'x-amz-content-sha256' header does not match what was computed." };
  }
  const canonicalRequest = [
    request.method ?? 'GET',
    canonicalUri(request.url ?? '/'),
    canonicalQuery(request.url ?? '/'),
    signedHeaders.map((name) => `${name}:${(header(request, name) ?? '').trim().replace(/\s+/g, ' ')}\n`).join(''),
    signedHeaderList,
    payloadHash,
  ].join('\n');
  const scope = `${date}/${region}/${service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256Hex(canonicalRequest)].join('\n');
  const key = [date, region, service, 'aws4_request'].reduce<Buffer>(
    (previous, part) => hmac(previous, part),
    Buffer.from(`AWS4${settings.credentials.secretAccessKey}`, 'utf8'),
  );
  const expected = hmac(key, stringToSign).toString('hex');
  if (!timingSafeEqual(Buffer.from(expected), Buffer.from(signature))) return invalidSignature(signatureMismatch);
  return undefined;
}

/** RFC 3986 escaping as SigV4 wants it: unreserved characters stay, everything else is %XX. */
export function escapeUri(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Every service but S3 escapes the path as received (already escaped once) a second time. */
function canonicalUri(url: string): string {
  const path = url.split('?')[0] ?? '/';
  const segments: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(escapeUri(segment));
  }
  return `/${segments.join('/')}${segments.length > 0 && path.endsWith('/') ? '/' : ''}`;
}

function canonicalQuery(url: string): string {
  const query = url.includes('?') ? url.slice(url.indexOf('?') + 1) : '';
  if (!query) return '';
  return query
    .split('&')
    .filter(Boolean)
    .map((pair) => {
      const [key = '', value = ''] = pair.split('=');
      return [escapeUri(decodeURIComponent(key)), escapeUri(decodeURIComponent(value))] as const;
    })
    .sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0))
    .map(([key, value]) => `${key}=${value}`)
    .join('&');
}

function header(request: FakeRequest, name: string): string | undefined {
  // HTTP/2 carries the host as the :authority pseudo-header.
  const value = request.headers[name.toLowerCase()] ?? (name === 'host' ? request.headers[':authority'] : undefined);
  return Array.isArray(value) ? value.join(',') : value;
}

function invalidSignature(message: string): AuthFailure {
  return { status: 403, type: 'InvalidSignatureException', message };
}

function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

function hmac(key: Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

function isoBasic(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}
