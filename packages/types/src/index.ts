export * from './pg-type.js';
export * from './values.js';
