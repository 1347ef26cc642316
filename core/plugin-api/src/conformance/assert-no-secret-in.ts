import * as assert from 'uvu/assert';

/** Fails when an error message contains any secret of the provider record. */
export function assertNoSecretIn(message: string, credentials: Readonly<Record<string, string>>): void {
  for (const [field, secret] of Object.entries(credentials)) {
    if (secret.length >= 4 && message.includes(secret)) {
      assert.unreachable(`the error message contains the credential "${field}"`);
    }
  }
}
