export {
  SERVICE,
  CONFIGURATION,
  ROUTE,
  KINGRESS,
  type ServiceObject,
  type ConfigurationObject,
  type RouteObject,
  type IngressObject,
  readyStatusOf,
} from './kinds';
export * from './list-annotation';
export * from './deps';
export * from './child';
export * from './networking';
export * from './settings';
export * from './kingress';
