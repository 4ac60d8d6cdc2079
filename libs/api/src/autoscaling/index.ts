export * from './register';
export * from './annotation-validation';
export * from './podautoscaler.types';
export * from './podautoscaler.defaults';
export * from './podautoscaler.validation';
export * from './podautoscaler.lifecycle';
export * from './kinds';
