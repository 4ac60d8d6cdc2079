export * from './revision';
