export * from './cesql.types';
export { parseCesql, tryParseCesql } from './parser';
export { evaluateCesql, cesqlMatches, attributeValue } from './evaluator';
export { castExplicit, castImplicit } from './casting';
export { likeMatches } from './like';
export { BUILTIN_FUNCTIONS } from './functions';
