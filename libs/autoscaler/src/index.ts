export * from './stat';
export * from './buckets';
export * from './max-window';
export * from './spec';
export * from './kpa';
export * from './decide-scale';
export * from './collector';
export * from './stats-handler';
