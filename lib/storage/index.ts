export * from './access-log-bucket';
export * from './audited-bucket';
export * from './lifecycle';
