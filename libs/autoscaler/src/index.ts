export * from './stat';
