export * from './types';
export * from './resources';
export * from './active-condition';
export * from './deciders';
export * from './activator-probe';
export * from './reconciler';
export * from './controller';
