import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
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
