import { Config } from '@backstage/config';
import fs from 'node:fs';

/** How to reach an HTTPS endpoint: its CA, or no verification. */
export interface TlsOptions {
  ca?: string;
  skipTLSVerify?: boolean;
}

/** `caData` (base64 PEM), `caFile` (path) and `skipTLSVerify` of a config block. */
export function readTlsOptions(config: Config): TlsOptions {
  const caData = config.getOptionalString('caData');
  const caFile = config.getOptionalString('caFile');
  return {
    ...(caData ? { ca: Buffer.from(caData, 'base64').toString('utf8') } : {}),
    ...(!caData && caFile ? { ca: fs.readFileSync(caFile, 'utf8') } : {}),
    skipTLSVerify: config.getOptionalBoolean('skipTLSVerify') ?? false,
  };
}
