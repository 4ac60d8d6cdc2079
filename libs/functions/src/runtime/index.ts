export * from './types';
export { serve, type ServeOptions, type RunningFunction, type Servable } from './serve';
export { exitOnSignals } from './signals';
export { loadFunction, resolveEntry, classifyExports, type LoadedFunction } from './loader';
export { createFunctionServer, type FunctionServer, type FunctionServerOptions } from './server';
export { replyFor, errorReply, type Reply } from './response';
export { readInstanceConfig } from './config';
export { DEFAULT_BODY_LIMIT } from './body';
