import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createCredentialCipher } from '../../src/infrastructure/crypto/credential-cipher.ts';

test('encrypts with a fresh IV each time and decrypts back', () => {
  const cipher = createCredentialCipher('encryption-key-for-tests');
  const a = cipher.encrypt('{"apiKey":"sk-1"}');
  const b = cipher.encrypt('{"apiKey":"sk-1"}');
  assert.is.not(a, b);
  assert.not.ok(a.includes('sk-1'));
  assert.is(cipher.decrypt(a), '{"apiKey":"sk-1"}');
});

test('a different key or a tampered value cannot decrypt, and the error holds no secret', () => {
  const stored = createCredentialCipher('key-one-1234567890').encrypt('secret-value');
  assert.throws(() => createCredentialCipher('key-two-1234567890').decrypt(stored), /CONDUIT_ENCRYPTION_KEY/);
  const parts = stored.split(':');
  parts[3] = Buffer.from('tampered').toString('base64url');
  assert.throws(() => createCredentialCipher('key-one-1234567890').decrypt(parts.join(':')), (error: Error) => !error.message.includes('secret'));
});

test.run();
