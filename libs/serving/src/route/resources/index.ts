export * from './names';
export * from './ingress';
export * from './service';
