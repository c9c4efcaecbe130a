import { Config } from '@backstage/config';
import fs from 'node:fs';

/** How to reach an HTTPS endpoint: its CA, or no verification. */
export interface TlsOptions {
  ca?: string;
  /** Read on each request, so a CA file may appear or rotate after startup. */
  caFile?: string;
  skipTLSVerify?: boolean;
}

/** The PEM to trust for a request, if any. */
export function caOf(tls: TlsOptions): string | undefined {
  if (tls.ca) return tls.ca;
  return tls.caFile ? fs.readFileSync(tls.caFile, 'utf8') : undefined;
}

/** `caData` (base64 PEM), `caFile` (path) and `skipTLSVerify` of a config block. */
export function readTlsOptions(config: Config): TlsOptions {
  const caData = config.getOptionalString('caData');
  const caFile = config.getOptionalString('caFile');
  return {
    ...(caData ? { ca: Buffer.from(caData, 'base64').toString('utf8') } : {}),
    ...(!caData && caFile ? { caFile } : {}),
    skipTLSVerify: config.getOptionalBoolean('skipTLSVerify') ?? false,
  };
}
