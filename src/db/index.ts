/** The database layer: clients, the embedded store, table definitions and bootstrap. */
export { openDatabase, type Database, type OpenOptions } from './database.ts';
export { createDynamoClients, sendOptions, type DynamoClients, type DynamoTarget } from './client.ts';
export { startEmbeddedStore, type EmbeddedStore, type EmbeddedOptions } from './embedded.ts';
export { ensureTables, type BootstrapOptions } from './bootstrap.ts';
export { EmbeddedStoreBusyError, StoreUnavailableError, TableMissingError, isStoreOutage } from './errors.ts';
export * from './tables/index.ts';
