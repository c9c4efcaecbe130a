import { createRouteRef } from '@backstage/core-plugin-api';

/** The entity tab. */
export const rootRouteRef = createRouteRef({ id: 'service-mesh' });
