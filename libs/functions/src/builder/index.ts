// The Node.js/TypeScript host builder: a function folder → a multi-platform OCI image, without Docker.
export * from './base-image';
export * from './build-error';
export * from './build-function';
export * from './dependencies';
export * from './deploy';
export * from './fingerprint';
export * from './function-config';
export * from './function-files';
export * from './image-config';
export * from './publish-image';
export * from './runtime-bundle';
// For tests and benchmarks: no public registry is reachable from the test machine.
export { pushStandInBase } from './testing/stand-in-base';
