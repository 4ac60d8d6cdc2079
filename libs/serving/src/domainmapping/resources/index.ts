export * from './ingress';
