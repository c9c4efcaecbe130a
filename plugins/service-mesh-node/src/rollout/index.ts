export * from './virtualServiceApply';
export * from './externalDelivery';
export * from './rolloutRoute';
export * from './rolloutStore';
export * from './routeWeightsApply';
