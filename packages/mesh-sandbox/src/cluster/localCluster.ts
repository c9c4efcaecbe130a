import { KubeClient } from '../client/kubeClient';
import { SandboxTokens } from '../server/auth';
import { ServingCertificate } from '../server/certificate';
import { applyPortalRbac, requestPortalTokens } from './access';
import {
  ControlPlane,
  ControlPlaneOptions,
  startControlPlane,
} from './controlPlane';
import { startConversionServer } from './conversionServer';
import { installCrds } from './crds';

/** What a sandbox needs to use a running cluster: where it is, how to trust it, its tokens. */
export interface ClusterConnection {
  url: string;
  certificate: ServingCertificate;
  tokens: SandboxTokens;
  version: string;
  /** Where the conversion webhooks of the cluster's operators are served. */
  conversionUrl: string;
}

export interface LocalCluster extends ClusterConnection {
  controlPlane: ControlPlane;
  stop(): Promise<void>;
}

/**
 * A control plane that serves the upstream CRDs, with the portal's service
 * accounts bound to the plugins' ClusterRoles: the cluster every sandbox runs on.
 */
export async function startLocalCluster(
  options: ControlPlaneOptions = {},
): Promise<LocalCluster> {
  const controlPlane = await startControlPlane(options);
  const conversions = await startConversionServer(controlPlane.certificate);
  try {
    const client = new KubeClient({
      url: controlPlane.url,
      caCertificate: controlPlane.caCertificate,
      token: controlPlane.adminToken,
    });
    options.log?.(
      'installing the upstream CRDs and the portal service accounts',
    );
    await installCrds(client, {
      conversionUrl: conversions.url,
      certificate: controlPlane.certificate,
    });
    await applyPortalRbac(client);
    const portal = await requestPortalTokens(client);
    client.close();
    return {
      url: controlPlane.url,
      certificate: controlPlane.certificate,
      version: controlPlane.version,
      tokens: { admin: controlPlane.adminToken, ...portal },
      conversionUrl: conversions.url,
      controlPlane,
      async stop() {
        await controlPlane.stop();
        await conversions.stop();
      },
    };
  } catch (error) {
    await controlPlane.stop();
    await conversions.stop();
    throw error;
  }
}
