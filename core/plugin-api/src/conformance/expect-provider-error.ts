import * as assert from 'uvu/assert';
import { ProviderError } from '../provider-error.ts';

/** Awaits `work`, which must reject with a ProviderError (from any copy of the package); returns it. */
export async function expectProviderError(work: Promise<unknown>, what: string): Promise<ProviderError> {
  let outcome: unknown;
  try {
    await work;
  } catch (error) {
    outcome = error;
  }
  if (outcome === undefined) assert.unreachable(`${what}: expected a ProviderError, but the call succeeded`);
  if (!ProviderError.isInstance(outcome)) {
    const description = outcome instanceof Error ? `${outcome.name}: ${outcome.message}` : String(outcome);
    assert.unreachable(`${what}: expected a ProviderError, got ${description}`);
  }
  return outcome as ProviderError;
}

/** Fails when an error message contains any secret of the provider record. */
export function assertNoSecretIn(message: string, credentials: Readonly<Record<string, string>>): void {
  for (const [field, secret] of Object.entries(credentials)) {
    if (secret.length >= 4 && message.includes(secret)) {
      assert.unreachable(`the error message contains the credential "${field}"`);
    }
  }
}
