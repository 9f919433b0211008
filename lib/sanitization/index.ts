export * from './types';
export * from './options';
export * from './engine';
export * from './chain';
export * from './cli';
