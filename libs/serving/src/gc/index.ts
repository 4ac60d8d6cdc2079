export * from './collect';
export * from './gc';
export * from './controller';
