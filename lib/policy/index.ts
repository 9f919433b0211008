export * from './clauses';
export * from './profiles';
export * from './classification';
export * from './tags';
export * from './zone';
export * from './remote-browser';
