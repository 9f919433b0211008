export * from './audit-trail';
export * from './log-archive';
export * from './security-alarms';
export * from './cross-account';
