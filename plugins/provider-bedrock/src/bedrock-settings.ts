/**
 * The settings of one Bedrock provider record: region, endpoint and how to authenticate. The
 * endpoint defaults to the region's runtime endpoint, which is why the plugin has no fixed
 * `defaultBaseUrl`.
 */
import { ProviderError } from '@conduit/plugin-api';

export const defaultRegion = 'us-east-1';

export type BedrockAuth =
  | { kind: 'sigv4'; accessKeyId: string; secretAccessKey: string; sessionToken?: string }
  /** A Bedrock API key, sent as `Authorization: Bearer`. */
  | { kind: 'bearer'; token: string }
  | { kind: 'none' };

export interface BedrockSettings {
  region: string;
  baseUrl: string;
  auth: BedrockAuth;
}

export function readBedrockSettings(
  baseUrl: string,
  credentials: Readonly<Record<string, string>>,
  options: Readonly<Record<string, unknown>>,
): BedrockSettings {
  const region = typeof options.region === 'string' && options.region.trim() ? options.region.trim() : defaultRegion;
  if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region)) {
    throw new ProviderError({ code: 'bad_request', retryable: false, message: `"${region}" is not an AWS region name` });
  }
  const configured = baseUrl.trim().replace(/\/+$/, '');
  return {
    region,
    baseUrl: configured || `https://bedrock-runtime.${region}.amazonaws.com`,
    auth: readAuth(credentials),
  };
}

function readAuth(credentials: Readonly<Record<string, string>>): BedrockAuth {
  const accessKeyId = credentials.accessKeyId?.trim();
  const secretAccessKey = credentials.secretAccessKey?.trim();
  if (accessKeyId && secretAccessKey) {
    const sessionToken = credentials.sessionToken?.trim();
    return sessionToken ? { kind: 'sigv4', accessKeyId, secretAccessKey, sessionToken } : { kind: 'sigv4', accessKeyId, secretAccessKey };
  }
  const token = credentials.apiKey?.trim();
  if (token) return { kind: 'bearer', token };
  return { kind: 'none' };
}
