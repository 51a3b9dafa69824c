/** `npm run test:resilience`: faults, load and hostile input; serial, since it restarts shared servers. */
import base from './jest.config.js';

export default {
  ...base,
  testMatch: ['<rootDir>/test/resilience/**/*.resilience-spec.ts'],
  testTimeout: 180000,
  maxWorkers: 1,
};
