import * as assert from 'uvu/assert';
import { ProviderError } from '../../provider-error.ts';

/**
 * Awaits `work`, which must reject with a ProviderError (from any copy of the package), and returns
 * that error for the test to look at. `what` names the call in the failure message.
 */
export async function expectProviderError(work: Promise<unknown>, what = 'the call'): Promise<ProviderError> {
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
