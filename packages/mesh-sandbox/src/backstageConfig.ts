import { SandboxTokens } from './server/auth';

/**
 * The `kubernetes` config section a Backstage backend uses to reach a sandbox:
 * cluster `local`, service-account token, the sandbox CA.
 */
export function sandboxKubernetesConfig(
  sandbox: { url: string; caCertificate: string; tokens: SandboxTokens },
  options: { url?: string; token?: string; name?: string } = {},
) {
  return {
    serviceLocatorMethod: { type: 'multiTenant' },
    clusterLocatorMethods: [
      {
        type: 'config',
        clusters: [
          {
            name: options.name ?? 'local',
            url: options.url ?? sandbox.url,
            authProvider: 'serviceAccount',
            serviceAccountToken: options.token ?? sandbox.tokens.write,
            caData: Buffer.from(sandbox.caCertificate).toString('base64'),
          },
        ],
      },
    ],
  };
}
