export * from './sks';
