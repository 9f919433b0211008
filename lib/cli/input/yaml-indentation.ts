/**
 * CloudFormation's YAML parser accepts a multi-line quoted string or flow collection (`[…]`,
 * `{…}`) whose continuation lines sit at, or left of, the indentation of its key; YAML 1.2 (and
 * the `yaml` package, whatever its options) does not. Inside such a construct the leading spaces
 * of a line carry no meaning (a quoted string folds them away, a flow collection ignores them),
 * so indenting those lines one column past the key reads the value exactly as CloudFormation does.
 */
export interface Reindented {
  readonly text: string;
  /** 1-based line where each construct that needed it starts. */
  readonly constructLines: readonly number[];
}

/**
 * Indents the continuation lines of quoted strings and flow collections that are not indented
 * past their key. Block scalars (`|`, `>`) and comments are skipped.
 *
 * @returns undefined when no line needed it
 */
export function reindentFlowContinuations(text: string): Reindented | undefined {
  const lines = text.split('\n');
  let quote: '"' | "'" | undefined;
  let depth = 0;
  /** Column a continuation line must be right of: the key's (or the `-` of a sequence item). */
  let parent = -1;
  let openedAt = 0;
  let blockScalarParent: number | undefined;
  const constructLines: number[] = [];
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i];
    const indent = /^ */.exec(line)![0].length;
    const blank = line.trim() === '';
    if (blockScalarParent !== undefined) {
      if (blank || indent > blockScalarParent) continue;
      blockScalarParent = undefined;
    }
    const continuing = quote !== undefined || depth > 0;
    if (continuing && !blank && indent <= parent) {
      line = ' '.repeat(parent + 1 - indent) + line;
      lines[i] = line;
      if (constructLines[constructLines.length - 1] !== openedAt + 1) constructLines.push(openedAt + 1);
    }
    const dashes = /^ *(?:- +)*/.exec(line)![0];
    const lastDash = dashes.lastIndexOf('-');
    const contentStart = continuing ? 0 : dashes.length;
    let keySeen = false;
    let valueStart = true;
    for (let p = contentStart; p < line.length; p++) {
      const c = line[p];
      if (quote === '"') {
        if (c === '\\') p++;
        else if (c === '"') quote = undefined;
        continue;
      }
      if (quote === "'") {
        if (c === "'" && line[p + 1] === "'") p++;
        else if (c === "'") quote = undefined;
        continue;
      }
      if (c === '#' && (p === 0 || line[p - 1] === ' ' || line[p - 1] === '\t')) break;
      if (c === ' ' || c === '\t' || c === '\r') continue;
      if (depth > 0) {
        if (c === '[' || c === '{') depth++;
        else if (c === ']' || c === '}') depth--;
        else if ((c === '"' || c === "'") && /[\s[{,:]/.test(line[p - 1] ?? ' ')) quote = c;
        continue;
      }
      const opensHere = valueStart;
      valueStart = false;
      if (c === ':' && (p + 1 === line.length || /\s/.test(line[p + 1])) && !keySeen) {
        keySeen = true;
        valueStart = true;
        continue;
      }
      if (!opensHere) continue;
      // The block node the value belongs to: the key's mapping, else the `-` item's sequence.
      const owner = keySeen ? dashes.length : lastDash;
      if (c === '!') {
        // A tag (`!Sub`) is followed by its value.
        while (p + 1 < line.length && line[p + 1] !== ' ') p++;
        valueStart = true;
      } else if (c === '"' || c === "'") {
        quote = c;
        parent = owner;
        openedAt = i;
      } else if (c === '[' || c === '{') {
        depth = 1;
        parent = owner;
        openedAt = i;
      } else if ((c === '|' || c === '>') && /^[|>][-+0-9]*\s*(#.*)?$/.test(line.slice(p))) {
        blockScalarParent = keySeen ? dashes.length : Math.max(lastDash, indent);
        break;
      }
    }
  }
  return constructLines.length === 0 ? undefined : { text: lines.join('\n'), constructLines };
}
