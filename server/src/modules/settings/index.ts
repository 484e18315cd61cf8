// The settings module's public surface: the only file other modules, the API layer, the CLI, tests and benches import.
export { DataSetSettingsEntity } from './settings.entity.js';
export { DEFAULT_SETTINGS, SETTINGS_FIELDS, validateSettings, type DataSetSettings } from './settings-schema.js';
export { readSettings, settingsHistory, updateSettings, type SettingsRecord } from './settings.service.js';
export { SettingsResolver } from './settings.resolver.js';
export { DataSetSettingsType } from './settings.types.js';
