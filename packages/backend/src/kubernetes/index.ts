import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { createProxyGuard } from './proxyGuard';

/** Guards writes and Secrets through the Kubernetes plugin's proxy (see createProxyGuard). */
export default createBackendModule({
  pluginId: 'kubernetes',
  moduleId: 'proxy-guard',
  register(reg) {
    reg.registerInit({
      deps: {
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        permissions: coreServices.permissions,
      },
      async init({ httpRouter, httpAuth, permissions }) {
        httpRouter.use(createProxyGuard({ httpAuth, permissions }));
      },
    });
  },
});
