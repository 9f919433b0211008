export * from './security-cloud-link';
