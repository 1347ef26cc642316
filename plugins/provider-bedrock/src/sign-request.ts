/**
 * Authenticates one Bedrock request: SigV4 (service `bedrock`) with access keys, or a Bedrock API
 * key as a bearer token. Returns the headers to send, including the signed ones.
 */
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { ProviderError } from '@conduit/plugin-api';
import type { BedrockAuth } from './bedrock-settings.ts';

export interface RequestToSign {
  url: string;
  method: 'POST' | 'GET';
  headers: Record<string, string>;
  body: string;
}

export async function signRequest(request: RequestToSign, auth: BedrockAuth, region: string, now?: Date): Promise<Record<string, string>> {
  if (auth.kind === 'bearer') return { ...request.headers, authorization: `Bearer ${auth.token}` };
  if (auth.kind === 'none') {
    throw new ProviderError({
      code: 'authentication',
      retryable: false,
      message: 'Bedrock needs accessKeyId and secretAccessKey, or a Bedrock API key, in the provider credentials',
    });
  }
  const url = new URL(request.url);
  const signer = new SignatureV4({
    service: 'bedrock',
    region,
    sha256: Sha256,
    credentials: {
      accessKeyId: auth.accessKeyId,
      secretAccessKey: auth.secretAccessKey,
      ...(auth.sessionToken ? { sessionToken: auth.sessionToken } : {}),
    },
  });
  const query: Record<string, string> = {};
  url.searchParams.forEach((value, key) => {
    query[key] = value;
  });
  const signed = await signer.sign(
    {
      method: request.method,
      protocol: url.protocol,
      hostname: url.hostname,
      port: url.port ? Number(url.port) : undefined,
      // Already encoded as it goes on the wire; the signer encodes it again, as SigV4 wants.
      path: url.pathname,
      query,
      headers: { ...request.headers, host: url.host },
      body: request.body,
    },
    now ? { signingDate: now } : undefined,
  );
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(signed.headers)) {
    // The HTTP client sets Host from the URL, the same value that was signed.
    if (name.toLowerCase() !== 'host') headers[name] = String(value);
  }
  return headers;
}
