export {
  createFunction,
  templatesDir,
  templateNames,
  ensureRunDataDir,
  CreateError,
  LANGUAGES,
  type Language,
  type CreateOptions,
  type CreatedFunction,
} from './create';
export { linkDevTools, type LinkedTool } from './link-tools';
