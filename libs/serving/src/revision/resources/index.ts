export * from './config';
export * from './names';
export * from './meta';
export * from './queue';
export * from './deploy';
export * from './pa';
