export * from './rolloutPlan';
export * from './rolloutState';
export * from './rolloutDecision';
export * from './rolloutManualActions';
export * from './rolloutAnnotation';
export * from './rolloutTimeline';
export * from './rolloutView';
