export * from './policy';
export * from './zones';
