export * from './catalogue';
export * from './tmt-error';
