import { Controller } from './context';
import { kialiController } from './kiali/kialiController';
import { KialiOptions } from './kiali/kialiMode';
import { defaultControllers } from './operators';
import { MeshTraffic } from './traffic/meshTraffic';

/**
 * Everything a sandbox cluster runs: Kubernetes' controllers, the Service
 * Mesh operator, the synthetic traffic with its Istio metrics, and Kiali.
 */
export function clusterControllers(options: { kiali?: KialiOptions } = {}): {
  controllers: Controller[];
  traffic: MeshTraffic;
} {
  const traffic = new MeshTraffic();
  return {
    traffic,
    controllers: [
      ...defaultControllers(),
      traffic.controller(),
      kialiController({ telemetry: traffic.telemetry, ...options.kiali }),
    ],
  };
}
