import 'reflect-metadata';
import module from 'node:module';
import { startEmbeddedDatabaseEarly } from './database/pglite/start-embedded-database.js';

// Node 22.1+ keeps the compiled code of the ~2,900 modules loaded below on disk between starts.
(module as { enableCompileCache?: () => unknown }).enableCompileCache?.();
// The application's modules load after the embedded database has started on its own thread.
startEmbeddedDatabaseEarly();
const { bootstrap } = await import('./bootstrap.js');
bootstrap();
