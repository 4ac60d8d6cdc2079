export * from './metadata';
export * from './labeler';
export * from './controller';
