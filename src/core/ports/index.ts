export * from './bus';
export * from './store';
export * from './venue';
export * from './audit';
export * from './tokens';
