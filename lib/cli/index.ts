export { main, ExitCode } from './main';
export type { CliIo, CliStream } from './io';
export { CliError } from './errors';
export { loadInputs } from './input/load-inputs';
export type { LoadedTemplate, LoadOptions } from './input/load-inputs';
export { MAX_TEMPLATE_BYTES } from './input/template-file';
export { CHECK_FORMATS, renderCheckRun, toCheckJson, toSarif } from './formats';
export type { CheckFormat, CheckJsonReport, RenderContext, TemplateSource } from './formats';
