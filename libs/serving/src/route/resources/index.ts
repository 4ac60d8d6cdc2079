export * from './names';
export * from './ingress';
