export * from './security-cloud';
export * from './members';
export * from './firewall-rules';
export * from './inspection-firewall';
export * from './dns-firewall';
export * from './monitoring';
