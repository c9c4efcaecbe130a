import { Controller, SandboxContext } from '../context';

/**
 * The API server's service IP allocator: a ClusterIP Service gets an address
 * from OpenShift's default service network, 172.30.0.0/16, when created.
 */
export const clusterIpAllocator: Controller = {
  name: 'cluster-ip-allocator',
  start(context: SandboxContext) {
    let next = 1;
    const allocate = () => {
      const n = next++;
      return `172.30.${Math.floor(n / 254) % 256}.${(n % 254) + 1}`;
    };
    context.api.onMutate(request => {
      const { type, operation, object } = request;
      if (type.group !== '' || type.plural !== 'services') return object;
      if (operation !== 'CREATE') return object;
      const spec = object.spec ?? {};
      const serviceType = spec.type ?? 'ClusterIP';
      if (serviceType === 'ExternalName' || spec.clusterIP) return object;
      const ip = allocate();
      return {
        ...object,
        spec: {
          ...spec,
          type: serviceType,
          clusterIP: ip,
          clusterIPs: [ip],
          sessionAffinity: spec.sessionAffinity ?? 'None',
          ipFamilies: ['IPv4'],
          ipFamilyPolicy: 'SingleStack',
        },
      };
    });
  },
};
