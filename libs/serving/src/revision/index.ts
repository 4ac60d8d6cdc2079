export * from './types';
export * from './resources';
export * from './deployment-status';
export * from './digest';
export * from './oci-digest-source';
export * from './reconciler';
export * from './controller';
