export * from './currency';
export * from './decimal';
export * from './money';
export * from './price';
export * from './quantity';
