/**
 * Bedrock's errors as ProviderErrors. HTTP errors name their type in the `x-amzn-errortype` header
 * (`ThrottlingException:http://internal.amazon.com/...`) or the body's `__type`
 * (`com.amazon.coral.service#UnrecognizedClientException`), with the text in `message` (or
 * `Message`). Stream exceptions carry the same types, camel-cased, in `:exception-type`.
 */
import { mapHttpError, ProviderError, readErrorBody, type HttpHeaders, type ProviderErrorCode } from '@conduit/plugin-api';

const providerLabel = 'Bedrock';

const authenticationTypes = new Set([
  'unrecognizedclientexception',
  'invalidsignatureexception',
  'incompletesignatureexception',
  'missingauthenticationtokenexception',
  'expiredtokenexception',
  'invalidclienttokenid',
  'signaturedoesnotmatch',
]);

const codesByType: Record<string, ProviderErrorCode> = {
  throttlingexception: 'rate_limit',
  servicequotaexceededexception: 'rate_limit',
  modelnotreadyexception: 'overloaded',
  serviceunavailableexception: 'overloaded',
  accessdeniedexception: 'permission',
  resourcenotfoundexception: 'not_found',
  validationexception: 'bad_request',
  conflictexception: 'bad_request',
  modeltimeoutexception: 'timeout',
  modelerrorexception: 'server',
  modelstreamerrorexception: 'server',
  internalserverexception: 'server',
};

const contextLengthPattern =
  /input is too long|too many input tokens|prompt is too long|context (length|window)|maximum context|exceeds? the (maximum|model'?s?) (input|context)|input length/i;
const authFailurePattern = /api key|authentication failed|security token|signature/i;

export function classifyBedrockError(type: string | undefined, message: string | undefined): ProviderErrorCode | undefined {
  const key = type?.toLowerCase();
  if (key && authenticationTypes.has(key)) return 'authentication';
  if (key === 'accessdeniedexception' && message && authFailurePattern.test(message)) return 'authentication';
  if (key === 'validationexception' && message && contextLengthPattern.test(message)) return 'context_length';
  return key ? codesByType[key] : undefined;
}

export function readErrorType(headers: HttpHeaders, body: Record<string, unknown>): string | undefined {
  const header = headers['x-amzn-errortype'];
  const raw = (Array.isArray(header) ? header[0] : header) ?? stringField(body, '__type') ?? stringField(body, 'code');
  if (!raw) return undefined;
  return raw.split(':')[0]!.split('#').at(-1)!.trim() || undefined;
}

export function mapBedrockHttpError(status: number, headers: HttpHeaders, text: string): ProviderError {
  let body: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === 'object') body = parsed as Record<string, unknown>;
  } catch {
    // A proxy's page or plain text: its message, as every plugin reads one (an HTML page's title).
    const { message } = readErrorBody(text);
    body = message ? { message } : {};
  }
  const type = readErrorType(headers, body);
  const message = stringField(body, 'message') ?? stringField(body, 'Message');
  const code = classifyBedrockError(type, message) ?? (status === 403 && !type ? 'authentication' : undefined);
  return mapHttpError({ status, headers, message, providerCode: type, code, providerLabel });
}

/** A `:message-type: exception` event of a ConverseStream response. */
export function mapStreamException(exceptionType: string, payload: unknown): ProviderError {
  const body = payload && typeof payload === 'object' ? (payload as Record<string, unknown>) : {};
  const type = exceptionType.charAt(0).toUpperCase() + exceptionType.slice(1);
  const message = stringField(body, 'message') ?? stringField(body, 'Message') ?? `${providerLabel} stream failed with ${type}`;
  const originalStatus = typeof body.originalStatusCode === 'number' ? body.originalStatusCode : undefined;
  return new ProviderError({
    code: classifyBedrockError(type, message) ?? 'server',
    message,
    providerCode: type,
    status: originalStatus,
  });
}

function stringField(body: Record<string, unknown>, name: string): string | undefined {
  const value = body[name];
  return typeof value === 'string' ? value : undefined;
}
