export * from './bus';
export * from './store';
export * from './venue';
