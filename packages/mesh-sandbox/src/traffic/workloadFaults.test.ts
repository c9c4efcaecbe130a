import { K8sObject } from '../k8s/types';
import { Hop } from './hop';
import { WorkloadFaults } from './workloadFaults';

const pod = (name: string, version: string, namespace = 'user1-sockshop') =>
  ({
    metadata: {
      name: `${name}-${version}-7d9c-abcde`,
      namespace,
      labels: { app: name, version, 'pod-template-hash': '7d9c' },
      ownerReferences: [
        {
          kind: 'ReplicaSet',
          name: `${name}-${version}-7d9c`,
          controller: true,
        },
      ],
    },
  } as unknown as K8sObject);

const hopTo = (destinationPod: K8sObject): Hop => ({
  carrier: 'envoy',
  sourceNamespace: 'user1-sockshop',
  sourceName: 'istio-ingressgateway',
  destinationHost: 'front-end.user1-sockshop.svc.cluster.local',
  destinationPod,
  status: 200,
  responseFlags: '-',
  durationMs: 12,
});

describe('WorkloadFaults', () => {
  it('fails exactly the share asked of one version and slows every answer', () => {
    const faults = new WorkloadFaults();
    faults.set({
      namespace: 'user1-sockshop',
      app: 'front-end',
      version: 'v2',
      errorRate: 0.3,
      latencyMs: 800,
    });
    const v2 = Array.from({ length: 100 }, () =>
      faults.affect(hopTo(pod('front-end', 'v2'))),
    );
    expect(v2.filter(h => h.status === 503)).toHaveLength(30);
    expect(v2.slice(0, 10).map(h => h.status)).toEqual([
      200, 200, 200, 503, 200, 200, 503, 200, 200, 503,
    ]);
    expect(new Set(v2.map(h => h.faultLatencyMs))).toEqual(new Set([800]));
    const v1 = faults.affect(hopTo(pod('front-end', 'v1')));
    expect(v1).toEqual(hopTo(pod('front-end', 'v1')));
    const elsewhere = faults.affect(
      hopTo(pod('front-end', 'v2', 'user2-sockshop')),
    );
    expect(elsewhere.status).toBe(200);
  });

  it('targets a Deployment by name, replaces a target and clears', () => {
    const faults = new WorkloadFaults();
    faults.set({
      namespace: 'user1-sockshop',
      workload: 'carts-v1',
      errorRate: 1,
    });
    faults.set({
      namespace: 'user1-sockshop',
      workload: 'carts-v1',
      latencyMs: 50,
    });
    expect(faults.list()).toEqual([
      {
        namespace: 'user1-sockshop',
        workload: 'carts-v1',
        errorRate: 0,
        latencyMs: 50,
      },
    ]);
    const hop = faults.affect(hopTo(pod('carts', 'v1')));
    expect(hop).toMatchObject({ status: 200, faultLatencyMs: 50 });
    faults.clear();
    expect(
      faults.affect(hopTo(pod('carts', 'v1'))).faultLatencyMs,
    ).toBeUndefined();
  });

  it('refuses a fault naming every problem', () => {
    const faults = new WorkloadFaults();
    expect(() =>
      faults.set({ workload: 'a', app: 'b', errorRate: 2, latencyMs: -1 }),
    ).toThrow(
      'workload fault: namespace is required; give either workload, or app and version; errorRate must be a number from 0 to 1; latencyMs must be a number of milliseconds >= 0',
    );
    expect(() => faults.set({ namespace: 'n', app: 'front-end' })).toThrow(
      'workload fault: workload, or app and version, is required',
    );
    expect(() =>
      faults.set({ namespace: 'n', app: 'front-end', version: 'v2' }),
    ).toThrow('workload fault: errorRate or latencyMs must be above 0');
  });
});
