export * from './tolerances';
export * from './healthStates';
export * from './requestHealth';
export * from './podHealth';
export * from './kialiHealth';
