import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createBackendPlugin } from '@backstage/backend-plugin-api';
import module from '.';

describe('the scaffolder module', () => {
  it('adds every service mesh action to the scaffolder', async () => {
    const added: string[] = [];
    const scaffolder = createBackendPlugin({
      pluginId: 'scaffolder',
      register(env) {
        env.registerExtensionPoint(scaffolderActionsExtensionPoint, {
          addActions: (...actions) => added.push(...actions.map(a => a.id)),
        });
        env.registerInit({ deps: {}, async init() {} });
      },
    });
    await startTestBackend({
      features: [
        scaffolder,
        module,
        mockServices.rootConfig.factory({ data: {} }),
      ],
    });
    expect(added).toEqual([
      'servicemesh:preflight',
      'servicemesh:sockshop:deploy',
      'servicemesh:controlplane:apply',
      'servicemesh:istio:apply',
      'servicemesh:members:add',
      'servicemesh:members:label',
      'servicemesh:sidecars:inject',
      'servicemesh:ingress:expose',
      'servicemesh:gateway:expose',
      'servicemesh:waypoint:apply',
      'servicemesh:canary:deploy',
      'servicemesh:canary:services',
      'servicemesh:traffic:shift',
      'servicemesh:canary:rollout',
      'servicemesh:circuitbreaker:apply',
      'servicemesh:catalog:register',
      'servicemesh:teardown',
      'servicemesh:catalog:unregister',
    ]);
  });
});
