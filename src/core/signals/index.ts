export * from './signal';
export * from './signal-wire';
export * from './validate-signal';
