export * from './order';
export * from './status';
export * from './transitions';
export * from './types';
