import { dropTestDatabases } from './global-setup.js';

export default async function globalTeardown() {
  if (process.env.TEST_DATABASE === 'postgres') await dropTestDatabases();
}
