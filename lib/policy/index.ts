export * from './clauses';
export * from './classification';
export * from './tags';
export * from './zone';
