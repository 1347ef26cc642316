/**
 * Azure-specific error codes that the HTTP status alone does not reveal. Azure answers a prompt its
 * content filter refused with HTTP 400 and `error.code: 'content_filter'` (details in
 * `error.innererror`, code `ResponsibleAIPolicyViolation`).
 */
import type { ProviderErrorCode } from '@conduit/plugin-api';

export function classifyAzureError(
  status: number,
  details: { message?: string; providerCode?: string },
): ProviderErrorCode | undefined {
  const code = details.providerCode;
  if (code === 'content_filter' || code === 'ResponsibleAIPolicyViolation') return 'content_filter';
  if (code === 'context_length_exceeded') return 'context_length';
  if (code === 'DeploymentNotFound') return 'not_found';
  if (status === 400 && details.message && /content management policy/i.test(details.message)) return 'content_filter';
  return undefined;
}
