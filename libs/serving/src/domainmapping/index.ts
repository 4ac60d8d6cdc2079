export * from './resources';
export * from './domainmapping';
export * from './controller';
