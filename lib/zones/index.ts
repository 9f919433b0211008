export * from './data-perimeter';
export * from './internet-zone';
export * from './lgwan-zone';
export * from './mynumber-zone';
export * from './security-cloud-link';
export * from './zone-network';
export * from './zone-dns';
