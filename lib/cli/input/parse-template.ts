import { Alias, Document, isAlias, isMap, isPair, isScalar, isSeq, LineCounter, Node, parseDocument, ParsedNode, Tags } from 'yaml';
import { CliError, oneLine } from '../errors';
import { reindentFlowContinuations } from './yaml-indentation';

/** A parsed template file: the template in long-form JSON and where each resource is. */
export interface ParsedTemplateFile {
  readonly value: unknown;
  /** 1-based line of each logical id under `Resources`, when the parser could tell. */
  readonly resourceLines: ReadonlyMap<string, number>;
  /** What was read differently from the text as written, CloudFormation's way (`file:line: …`). */
  readonly warnings: readonly string[];
}

/**
 * CloudFormation's YAML short forms (`!Ref X`) and the long form each stands for
 * (`{ Ref: X }`). `!Length` and `!ToJsonString` belong to the AWS::LanguageExtensions transform,
 * which the engine expands; `!Contains`, `!ValueOf` and the like are the Rules section's.
 */
const SHORT_FORMS: Readonly<Record<string, string>> = {
  Ref: 'Ref',
  Condition: 'Condition',
  Base64: 'Fn::Base64',
  Cidr: 'Fn::Cidr',
  FindInMap: 'Fn::FindInMap',
  GetAtt: 'Fn::GetAtt',
  GetAZs: 'Fn::GetAZs',
  ImportValue: 'Fn::ImportValue',
  Join: 'Fn::Join',
  Select: 'Fn::Select',
  Split: 'Fn::Split',
  Sub: 'Fn::Sub',
  Transform: 'Fn::Transform',
  And: 'Fn::And',
  Equals: 'Fn::Equals',
  If: 'Fn::If',
  Not: 'Fn::Not',
  Or: 'Fn::Or',
  Length: 'Fn::Length',
  ToJsonString: 'Fn::ToJsonString',
  GetStackOutput: 'Fn::GetStackOutput',
  // The functions of a template's Rules section.
  Contains: 'Fn::Contains',
  EachMemberEquals: 'Fn::EachMemberEquals',
  EachMemberIn: 'Fn::EachMemberIn',
  RefAll: 'Fn::RefAll',
  ValueOf: 'Fn::ValueOf',
  ValueOfAll: 'Fn::ValueOfAll',
};

/** The short-form tags as `yaml` custom tags, on scalars, sequences and mappings alike. */
const CFN_TAGS: Tags = Object.keys(SHORT_FORMS).flatMap((name) => [
  // The tag stays on the node; `toLongForm` below turns it into the long form.
  { tag: `!${name}`, resolve: (source: string) => source },
  { tag: `!${name}`, collection: 'seq' as const, resolve: (node: unknown) => node },
  { tag: `!${name}`, collection: 'map' as const, resolve: (node: unknown) => node },
]);

const YAML_CORE_TAG_PREFIX = 'tag:yaml.org,2002:';

/** What the file name says the text is. */
export type TemplateSyntax = 'json' | 'yaml' | 'unknown';

/**
 * Parses a template file's text. `.json` files are JSON and `.yaml`/`.yml` files YAML (1.2 core
 * schema) with CloudFormation's short-form tags; other files (`.template`, no extension) are JSON
 * when their text starts with `{` and YAML otherwise. A `.yaml` file in YAML's JSON-like flow
 * style is YAML too: JSON is tried first, for its exactness, then YAML.
 *
 * @param text the file's text (already decoded, without BOM)
 * @param displayPath the path as the user gave it, for messages
 * @throws CliError for malformed JSON/YAML, unknown tags and YAML aliases, with the line
 */
export function parseTemplateText(text: string, displayPath: string, syntax: TemplateSyntax): ParsedTemplateFile {
  if (syntax === 'json') {
    return parseJson(text, displayPath);
  }
  if (!/^\s*\{/.test(text)) {
    return parseYaml(text, displayPath);
  }
  try {
    return parseJson(text, displayPath);
  } catch (jsonError) {
    try {
      return parseYaml(text, displayPath);
    } catch (yamlError) {
      throw syntax === 'yaml' ? yamlError : jsonError;
    }
  }
}

function parseJson(text: string, displayPath: string): ParsedTemplateFile {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw new CliError(
      `${displayPath}${jsonErrorPosition(message, text)}: malformed JSON (${oneLine(message)}); fix the syntax or export the template again`,
    );
  }
  assertJsonDepth(text, displayPath);
  return { value, resourceLines: jsonResourceLines(text), warnings: [] };
}

/** `:line:col` of a JSON.parse error, from the `position N` V8 puts in the message. */
function jsonErrorPosition(message: string, text: string): string {
  const match = /position (\d+)/.exec(message);
  if (!match) {
    return '';
  }
  const { line, col } = lineAndColumn(text, Number(match[1]));
  return `:${line}:${col}`;
}

function lineAndColumn(text: string, offset: number): { line: number; col: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, col: offset - lineStart + 1 };
}

/**
 * Lines of the logical ids in a JSON template that JSON.parse has accepted: one pass over the
 * text that tracks strings and nesting only (a full YAML/JSON AST of a large template costs
 * seconds; this costs milliseconds).
 */
function jsonResourceLines(text: string): ReadonlyMap<string, number> {
  const lines = new Map<string, number>();
  const containers: number[] = [];
  let line = 1;
  let expectKey = false;
  let topLevelKey: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    switch (ch) {
      case NEWLINE:
        line++;
        break;
      case QUOTE: {
        const start = i;
        for (i++; text.charCodeAt(i) !== QUOTE; i++) {
          if (text.charCodeAt(i) === BACKSLASH) {
            i++;
          }
        }
        if (expectKey && containers.length === 1) {
          topLevelKey = JSON.parse(text.slice(start, i + 1)) as string;
        } else if (expectKey && containers.length === 2 && topLevelKey === 'Resources') {
          lines.set(JSON.parse(text.slice(start, i + 1)) as string, line);
        }
        expectKey = false;
        break;
      }
      case OPEN_BRACE:
        containers.push(ch);
        expectKey = true;
        break;
      case OPEN_BRACKET:
        containers.push(ch);
        expectKey = false;
        break;
      case CLOSE_BRACE:
      case CLOSE_BRACKET:
        containers.pop();
        break;
      case COMMA:
        expectKey = containers[containers.length - 1] === OPEN_BRACE;
        break;
    }
  }
  return lines;
}

const NEWLINE = 0x0a;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

function parseYaml(text: string, displayPath: string): ParsedTemplateFile {
  let lineCounter = new LineCounter();
  let doc = parseYamlOrThrow(text, lineCounter, displayPath);
  const warnings: string[] = [];
  if (doc.errors.length > 0) {
    // Continuation lines at their key's indentation: YAML refuses them, CloudFormation reads them.
    const reindented = reindentFlowContinuations(text);
    const retryCounter = new LineCounter();
    const retry = reindented && parseYamlOrThrow(reindented.text, retryCounter, displayPath);
    if (reindented && retry && retry.errors.length === 0) {
      doc = retry;
      lineCounter = retryCounter;
      for (const line of reindented.constructLines) {
        warnings.push(
          `${displayPath}:${line}: a multi-line quoted string or flow collection continues at or left of its key's indentation, which YAML does not allow; read as CloudFormation reads it (the leading spaces of those lines carry no meaning)`,
        );
      }
    }
  }
  if (doc.errors.length > 0) {
    const error = doc.errors[0];
    const where = error.linePos ? `:${error.linePos[0].line}:${error.linePos[0].col}` : '';
    if (error.code === 'MULTIPLE_DOCS') {
      throw new CliError(`${displayPath}${where}: holds more than one YAML document ('---'); put each template in its own file`);
    }
    throw new CliError(`${displayPath}${where}: malformed YAML (${firstLine(error.message)}); fix the syntax`);
  }
  assertYamlDepth(doc.contents, displayPath);
  const value = toLongForm(doc.contents, { displayPath, lineCounter, warnings });
  return { value, resourceLines: resourceLinesOf(doc, lineCounter), warnings };
}

function parseYamlOrThrow(text: string, lineCounter: LineCounter, displayPath: string): Document.Parsed<ParsedNode> {
  let doc: Document.Parsed<ParsedNode>;
  try {
    doc = parseYamlDocument(text, lineCounter);
  } catch (err) {
    if (err instanceof RangeError) throw tooDeep(displayPath);
    throw err;
  }
  if (doc.errors.some((error) => /Maximum call stack size exceeded/.test(error.message))) {
    throw tooDeep(displayPath);
  }
  return doc;
}

/**
 * How deep a template file may nest (the engine's limit too). The YAML parser recurses per
 * level, so a file far deeper than any template is refused with this instead of a stack overflow.
 */
export const MAX_NESTING = 512;

function tooDeep(displayPath: string): CliError {
  return new CliError(
    `${displayPath}: nests deeper than ${MAX_NESTING} levels (lgsec's limit; CloudFormation templates nest a few dozen); check how the file was generated`,
  );
}

/** Nesting depth of the parsed YAML, measured without recursion. */
function assertYamlDepth(root: unknown, displayPath: string): void {
  const stack: [unknown, number][] = [[root, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (!isMap(node) && !isSeq(node)) continue;
    if (depth > MAX_NESTING) throw tooDeep(displayPath);
    for (const item of node.items) {
      stack.push([isPair(item) ? item.value : item, depth + 1]);
    }
  }
}

/** Nesting depth of JSON text, in one pass that skips strings. */
function assertJsonDepth(text: string, displayPath: string): void {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === QUOTE) {
      for (i++; i < text.length && text.charCodeAt(i) !== QUOTE; i++) {
        if (text.charCodeAt(i) === BACKSLASH) i++;
      }
    } else if (ch === OPEN_BRACE || ch === OPEN_BRACKET) {
      if (++depth > MAX_NESTING) throw tooDeep(displayPath);
    } else if (ch === CLOSE_BRACE || ch === CLOSE_BRACKET) {
      depth--;
    }
  }
}

function parseYamlDocument(text: string, lineCounter: LineCounter): Document.Parsed<ParsedNode> {
  return parseDocument(text, {
    lineCounter,
    customTags: CFN_TAGS,
    // YAML 1.2 core: `yes`/`no`, `0755` and `12:30` stay what they look like, as in JSON.
    version: '1.2',
    schema: 'core',
    // A key written twice is CloudFormation's last value; toLongForm takes it and warns.
    uniqueKeys: false,
    prettyErrors: true,
  });
}

function firstLine(message: string): string {
  return message
    .split('\n')[0]
    .replace(/ at line \d+, column \d+:?$/, '')
    .trim();
}

interface WalkContext {
  readonly displayPath: string;
  readonly lineCounter: LineCounter;
  readonly warnings: string[];
}

/** Converts a YAML node to plain JSON values, turning short-form tags into long forms. */
function toLongForm(node: unknown, ctx: WalkContext): unknown {
  if (node === null || node === undefined) {
    return null;
  }
  if (isAlias(node)) {
    throw aliasError(node, ctx);
  }
  let value: unknown;
  if (isScalar(node)) {
    value = node.value;
  } else if (isMap(node)) {
    const object: Record<string, unknown> = {};
    const keyNodes = new Map<string, Node>();
    for (const pair of node.items) {
      const key = mapKey(pair.key, ctx);
      const earlier = keyNodes.get(key);
      if (earlier !== undefined) {
        ctx.warnings.push(
          `${where(pair.key as Node, ctx)}: key '${key}' is written twice in the same mapping (also at line ${lineOf(earlier, ctx)}); CloudFormation takes the last value, and so does lgsec: remove the other`,
        );
      }
      keyNodes.set(key, pair.key as Node);
      // defineProperty: a key such as `__proto__` is data in a template, never a prototype.
      Object.defineProperty(object, key, {
        value: toLongForm(pair.value, ctx),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    value = object;
  } else if (isSeq(node)) {
    value = node.items.map((item) => toLongForm(item, ctx));
  } else if (isPair(node)) {
    throw new CliError(`${ctx.displayPath}: unexpected YAML structure; write the template as a mapping`);
  } else {
    return node;
  }
  const tag = (node as Node).tag;
  if (tag === undefined || tag.startsWith(YAML_CORE_TAG_PREFIX)) {
    return value;
  }
  const shortForm = tag.startsWith('!') ? tag.slice(1) : tag;
  const longForm = SHORT_FORMS[shortForm];
  if (longForm === undefined) {
    throw new CliError(
      `${where(node as Node, ctx)}: unknown tag '${tag}'; CloudFormation short forms are ${Object.keys(SHORT_FORMS)
        .map((name) => `!${name}`)
        .join(', ')}`,
    );
  }
  if (shortForm === 'GetAtt' && typeof value === 'string') {
    // `!GetAtt Db.Endpoint.Address`: the logical id ends at the first dot.
    const dot = value.indexOf('.');
    if (dot <= 0 || dot === value.length - 1) {
      throw new CliError(`${where(node as Node, ctx)}: '!GetAtt ${value}' is not LogicalId.AttributeName; write e.g. !GetAtt MyBucket.Arn`);
    }
    return { [longForm]: [value.slice(0, dot), value.slice(dot + 1)] };
  }
  return { [longForm]: value };
}

function mapKey(key: unknown, ctx: WalkContext): string {
  if (isScalar(key) && key.value !== null && typeof key.value !== 'object') {
    return String(key.value);
  }
  if (isAlias(key)) {
    throw aliasError(key, ctx);
  }
  const at = key && typeof key === 'object' && 'range' in key ? where(key as Node, ctx) : ctx.displayPath;
  throw new CliError(`${at}: a mapping key must be a plain string; quote the key`);
}

function aliasError(alias: Alias, ctx: WalkContext): CliError {
  return new CliError(
    `${where(alias, ctx)}: YAML alias '*${alias.source}': CloudFormation does not accept YAML anchors and aliases; write the value out in full`,
  );
}

function lineOf(node: Node, ctx: WalkContext): number | string {
  const offset = node.range?.[0];
  return offset === undefined ? '?' : ctx.lineCounter.linePos(offset).line;
}

function where(node: Node, ctx: WalkContext): string {
  const offset = node.range?.[0];
  if (offset === undefined) {
    return ctx.displayPath;
  }
  const { line, col } = ctx.lineCounter.linePos(offset);
  return `${ctx.displayPath}:${line}:${col}`;
}

function resourceLinesOf(doc: Document.Parsed<ParsedNode>, lineCounter: LineCounter): Map<string, number> {
  const lines = new Map<string, number>();
  const root = doc.contents;
  if (!isMap(root)) {
    return lines;
  }
  const resources = root.items.find((pair) => isScalar(pair.key) && pair.key.value === 'Resources')?.value;
  if (!isMap(resources)) {
    return lines;
  }
  for (const pair of resources.items) {
    if (isScalar(pair.key) && pair.key.range) {
      lines.set(String(pair.key.value), lineCounter.linePos(pair.key.range[0]).line);
    }
  }
  return lines;
}
