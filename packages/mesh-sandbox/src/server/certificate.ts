import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ServingCertificate {
  /** PEM: the self-signed certificate, also the CA clients must trust. */
  cert: string;
  key: string;
}

/**
 * A fresh self-signed serving certificate for the loopback host (ECDSA P-256,
 * made with the openssl CLI), so clients talk TLS to the sandbox exactly as
 * they would to a real API server, with the CA in their kubeconfig.
 */
export function makeServingCertificate(
  hosts: string[] = ['127.0.0.1', 'localhost'],
): ServingCertificate {
  const dir = mkdtempSync(join(tmpdir(), 'mesh-sandbox-tls-'));
  try {
    const altNames = hosts
      .map(h => (/^[\d.]+$/.test(h) ? `IP:${h}` : `DNS:${h}`))
      .join(',');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-nodes',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-days',
        '30',
        '-subj',
        '/CN=mesh-sandbox',
        '-addext',
        `subjectAltName=${altNames}`,
        '-addext',
        'basicConstraints=critical,CA:TRUE',
        '-addext',
        'keyUsage=critical,digitalSignature,keyCertSign',
        '-addext',
        'extendedKeyUsage=serverAuth',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { stdio: 'pipe' },
    );
    return {
      cert: readFileSync(join(dir, 'cert.pem'), 'utf8'),
      key: readFileSync(join(dir, 'key.pem'), 'utf8'),
    };
  } catch (error) {
    throw new Error(
      `the sandbox needs the openssl command to make its TLS certificate: ${
        (error as Error).message
      }`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The certificate kept in a folder, made there when missing or about to
 * expire, so that a CA file configured elsewhere (app-config caFile) stays
 * valid across restarts.
 */
export function persistentServingCertificate(
  dir: string,
  hosts?: string[],
): ServingCertificate {
  const certPath = join(dir, 'ca.crt');
  const keyPath = join(dir, 'tls.key');
  if (existsSync(certPath) && existsSync(keyPath)) {
    const cert = readFileSync(certPath, 'utf8');
    const validTo = Date.parse(new X509Certificate(cert).validTo);
    if (validTo - Date.now() > 24 * 3600 * 1000) {
      return { cert, key: readFileSync(keyPath, 'utf8') };
    }
  }
  const fresh = makeServingCertificate(hosts);
  mkdirSync(dir, { recursive: true });
  writeFileSync(certPath, fresh.cert);
  writeFileSync(keyPath, fresh.key, { mode: 0o600 });
  return fresh;
}
