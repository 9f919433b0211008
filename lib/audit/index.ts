export * from './audit-trail';
export * from './log-archive';
