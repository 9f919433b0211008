import { intrinsicOf, isRecord, setKey } from './errors';

interface Producer {
  readonly names: readonly string[];
  readonly template: Record<string, unknown>;
}

/**
 * `Fn::GetStackOutput` (CDK's weak cross-stack reference) reads another stack's output without an
 * export. Across the templates of one run it is turned into the `Fn::ImportValue` of that
 * output's export (one is given to the output when it has none), so that rules follow it into
 * the producing template exactly as they follow imports; a stack not checked in the run leaves
 * an import nobody exports, which the rules report as a value that leaves the template.
 * The top level of each template is replaced in place (it must be the engine's own shallow copy);
 * everything below is copied only where it changes, so the inputs stay as they were.
 */
export function linkStackOutputs(templates: readonly { names: readonly string[]; template: Record<string, unknown> }[]): void {
  const producers: Producer[] = templates.map(({ names, template }) => ({ names, template }));
  for (const { template } of templates) {
    for (const section of ['Resources', 'Outputs', 'Conditions'] as const) {
      if (section in template) setKey(template, section, rewrite(template[section], producers));
    }
  }
}

/** The value with each `Fn::GetStackOutput` replaced; the same object where there is none. */
function rewrite(value: unknown, producers: readonly Producer[]): unknown {
  if (Array.isArray(value)) {
    const items = value.map((item) => rewrite(item, producers));
    return items.some((item, i) => item !== value[i]) ? items : value;
  }
  if (!isRecord(value)) return value;
  if (intrinsicOf(value) === 'Fn::GetStackOutput') return importOf(value['Fn::GetStackOutput'], producers);
  let out: Record<string, unknown> | undefined;
  for (const [key, item] of Object.entries(value)) {
    const rewritten = rewrite(item, producers);
    if (rewritten !== item) {
      out ??= { ...value };
      setKey(out, key, rewritten);
    }
  }
  return out ?? value;
}

function importOf(args: unknown, producers: readonly Producer[]): unknown {
  const stackName = isRecord(args) ? stackNameOf(args.StackName) : undefined;
  const outputName = isRecord(args) && typeof args.OutputName === 'string' ? args.OutputName : undefined;
  if (stackName === undefined || outputName === undefined)
    return { 'Fn::ImportValue': `Fn::GetStackOutput of a stack or output named at deploy time` };
  const synthetic = `${stackName}.${outputName} (Fn::GetStackOutput)`;
  const producer = producers.find((candidate) => candidate.names.includes(stackName));
  const outputs = producer && isRecord(producer.template.Outputs) ? producer.template.Outputs : undefined;
  const output = outputs?.[outputName];
  if (!isRecord(output)) return { 'Fn::ImportValue': synthetic };
  const exported = isRecord(output.Export) ? output.Export.Name : undefined;
  if (exported !== undefined) return { 'Fn::ImportValue': exported };
  // Copy on write: the producer's Outputs may still be the input's own.
  producer!.template.Outputs = { ...outputs, [outputName]: { ...output, Export: { Name: synthetic } } };
  return { 'Fn::ImportValue': synthetic };
}

/** A stack name, or the name inside a stack ARN (`arn:…:cloudformation:…:stack/Name/*`), when literal. */
function stackNameOf(value: unknown): string | undefined {
  const text = typeof value === 'string' ? value : joinedText(value);
  if (text === undefined) return undefined;
  const arn = /:stack\/([^/\0]+)\//.exec(text);
  if (arn) return arn[1];
  // Outside an ARN, a name with a deploy-time part is not known here.
  return text.includes('\0') ? undefined : text;
}

/** The text of an `Fn::Join` whose literal parts hold the stack name (pseudo parameters aside). */
function joinedText(value: unknown): string | undefined {
  if (intrinsicOf(value) === 'Fn::Sub' && typeof (value as Record<string, unknown>)['Fn::Sub'] === 'string') {
    return ((value as Record<string, unknown>)['Fn::Sub'] as string).replace(/\$\{[^}]*\}/g, '\0');
  }
  if (intrinsicOf(value) !== 'Fn::Join') return undefined;
  const args = (value as Record<string, unknown>)['Fn::Join'];
  if (!Array.isArray(args) || typeof args[0] !== 'string' || !Array.isArray(args[1])) return undefined;
  return args[1].map((part) => (typeof part === 'string' ? part : '\0')).join(args[0]);
}
