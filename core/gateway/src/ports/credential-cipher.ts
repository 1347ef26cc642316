/** Encrypts secrets (provider credentials, webhook secrets) at rest. */
export interface CredentialCipher {
  encrypt(plain: string): string;
  decrypt(stored: string): string;
}
