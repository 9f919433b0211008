import { ContainedFileQuarantine } from '../options';
import { HandlerOutcome, SanitizeContext } from './context';
import { Quarantine } from './quarantine';
import { ZipEntry } from './zip-reader';
import { writeZip, ZipWriteEntry } from './zip-writer';

export const REMOVAL_NOTE_NAME = 'LGSEC-REMOVED.txt';

function directoryOf(name: string): string {
  const slash = name.lastIndexOf('/');
  return slash < 0 ? '' : name.slice(0, slash + 1);
}

/**
 * Sanitizes every entry of a plain ZIP one level deeper and writes a fresh archive of what is
 * delivered (sanitized entries under their delivered names). Entries quarantined on their own
 * are dropped and listed in a note entry, or quarantine the archive, as configured.
 */
export async function sanitizeArchive(
  entries: readonly ZipEntry[],
  ctx: SanitizeContext,
  options: { readonly containedFileQuarantine: ContainedFileQuarantine },
): Promise<HandlerOutcome> {
  const out: ZipWriteEntry[] = [];
  const removals: string[] = [];
  const dropped: string[] = [];
  const taken = new Set<string>();
  for (const entry of entries) {
    if (entry.isDirectory) {
      out.push({ name: entry.name, bytes: entry.bytes, isDirectory: true, lastModified: entry.lastModified });
      continue;
    }
    const result = await ctx.sanitizeContained(entry.name, entry.bytes);
    if (result.verdict === 'quarantined' || !result.output) {
      if (options.containedFileQuarantine === 'quarantine-container') {
        throw new Quarantine(result.reasonCode ?? 'malformed', `archive entry '${entry.name}' is quarantined: ${result.reason}`);
      }
      removals.push(`removed entry '${entry.name}' (${result.reason})`);
      dropped.push(`${entry.name}: ${result.reason}`);
      continue;
    }
    let name = `${directoryOf(entry.name)}${result.output.name}`;
    // A renamed entry (a.docm → a.docx) must not collide with one already there.
    for (let n = 2; taken.has(name.toLowerCase()); n += 1) name = `${directoryOf(entry.name)}${n}-${result.output.name}`;
    taken.add(name.toLowerCase());
    if (result.verdict === 'sanitized')
      removals.push(
        `sanitized entry '${entry.name}'${name !== entry.name ? ` (delivered as '${name}')` : ''}: ${result.actions.join('; ')}`,
      );
    out.push({ name, bytes: result.output.bytes, lastModified: entry.lastModified });
  }
  if (dropped.length > 0) {
    let noteName = REMOVAL_NOTE_NAME;
    for (let n = 2; taken.has(noteName.toLowerCase()); n += 1) noteName = `LGSEC-REMOVED-${n}.txt`;
    const note = `The following entries were removed by lgsec sanitization:\r\n${dropped.map((d) => `- ${d}`).join('\r\n')}\r\n`;
    out.push({ name: noteName, bytes: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(note, 'utf8')]) });
  }
  return { bytes: await writeZip(out), removals, notes: [`rebuilt archive (${out.length} entries)`] };
}
