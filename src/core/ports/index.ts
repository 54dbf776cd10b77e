export * from './bus';
export * from './store';
export * from './venue';
export * from './trades';
export * from './audit';
export * from './tokens';
export * from './orchestrator';
