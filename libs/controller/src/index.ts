export * from './kube-config';
