/**
 * An audio server's error body read as `readErrorBody` reads any, plus the FastAPI shape the
 * self-hosted OpenAI-compatible servers use (Kokoro-FastAPI: `{"detail": {"error", "message",
 * "type"}}`), whose message would otherwise arrive as the detail's JSON text and its code be lost.
 */
import { readErrorBody, type ErrorBodyDetails } from '../read-error-body.ts';

export function readAudioErrorBody(text: string): ErrorBodyDetails {
  const details = readErrorBody(text);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return details;
  }
  const detail = (body as { detail?: unknown } | null)?.detail;
  if (!detail || typeof detail !== 'object' || Array.isArray(detail)) return details;
  const { message, error, type } = detail as { message?: unknown; error?: unknown; type?: unknown };
  if (typeof message !== 'string') return details;
  const code = typeof error === 'string' ? error : typeof type === 'string' ? type : undefined;
  return { ...details, message, ...(code ? { providerCode: code } : {}) };
}
