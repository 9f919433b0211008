/**
 * What a check run is built from: one CloudFormation template with where it came from. The synth
 * path (a stack's synthesized template), `lgsec check` (a file or a cloud assembly) and the report
 * all hand templates over in this one shape.
 */
export interface TemplateInput {
  /** Stack artifact name (nested stacks: construct path) or file name; findings cite it. */
  readonly name: string;
  /** The parsed CloudFormation template. */
  readonly template: Record<string, unknown>;
  /** Path of the file it came from, for locations in SARIF and the report. */
  readonly file?: string;
  /** The deployed stack's name when it differs from `name` (`Fn::GetStackOutput` names stacks so). */
  readonly stackName?: string;
  /** Region when known (stack environment, or `--region` for a region-agnostic template). */
  readonly region?: string;
  /** Account when known (stack environment). */
  readonly account?: string;
}

/** A template that could not be loaded, so none of its resources were checked. */
export interface TemplateLoadProblem {
  /** Template name (or the file as given, when it could not be read). */
  readonly template: string;
  /** Path of the file, relative to the working directory, when known. */
  readonly file?: string;
  /** What is wrong and how to fix it, in one line. */
  readonly message: string;
}

/**
 * Something in a loaded template that lgsec read on an assumption or left unevaluated (a YAML key
 * written twice, an include not expanded, a loop over a value known only at deployment, parameter
 * combinations not evaluated). The template is checked; the rest of it is not affected.
 */
export interface TemplateLoadWarning {
  /** Template name. */
  readonly template: string;
  /** Path of the file, relative to the working directory, when known. */
  readonly file?: string;
  /** What was assumed or left out, naming the value, in one line. */
  readonly message: string;
}
