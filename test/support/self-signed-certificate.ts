/** A throwaway certificate for 127.0.0.1, made with the system's openssl, for tests that serve TLS. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { makeTempDir } from './make-temp-dir.ts';

export function selfSignedCertificate(): { cert: string; certFile: string; keyFile: string } {
  const dir = makeTempDir('tls');
  const certFile = path.join(dir, 'cert.pem');
  const keyFile = path.join(dir, 'key.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', keyFile, '-out', certFile], { stdio: 'ignore' });
  return { cert: readFileSync(certFile, 'utf8'), certFile, keyFile };
}
