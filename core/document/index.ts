// The project document: format, schema, loading, saving, migrations.
export * from './document.types';
export { APP_VERSION, FIRST_APP_VERSION_FOR_FORMAT } from './app-version';
export {
  documentSchema,
  docNodeSchema,
  docEdgeSchema,
  docModuleSchema,
  trainingConfigSchema,
  previewSchema,
} from './document.schema';
export { loadDocument, type LoadResult } from './load-document';
export { serializeDocument } from './serialize-document';
export { createEmptyDocument } from './create-empty-document';
export {
  documentMigrations,
  migrateDocument,
  type DocumentMigration,
  type RawDocument,
} from './migrations/migration';
export { migrateNodeParams, migrateParamsOf } from './node-param-migration';
export { locateJsonError } from './json-error-location';
