export * from './data-perimeter';
export * from './security-cloud-link';
