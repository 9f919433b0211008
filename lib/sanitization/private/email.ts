import { createHash } from 'crypto';
import { convert } from 'html-to-text';
import { AddressObject, simpleParser } from 'mailparser';
import MailComposer from 'nodemailer/lib/mail-composer';
import type Mail from 'nodemailer/lib/mailer';
import { ContainedFileQuarantine, EmailAttachmentPolicy } from '../options';
import { HandlerOutcome, SanitizeContext } from './context';
import { Quarantine } from './quarantine';
import { stripHidingCharacters } from './text';

/**
 * HTML is rendered as text without link targets, images, scripts or styles: what is left is what
 * a reader saw, with no reference that could fetch anything.
 */
export function htmlToPlainText(html: string): string {
  return convert(html, {
    wordwrap: false,
    selectors: [
      { selector: 'a', options: { ignoreHref: true } },
      { selector: 'img', format: 'skip' },
      { selector: 'script', format: 'skip' },
      { selector: 'style', format: 'skip' },
      { selector: 'iframe', format: 'skip' },
      { selector: 'object', format: 'skip' },
      { selector: 'embed', format: 'skip' },
      { selector: 'form', format: 'skip' },
    ],
  });
}

function addresses(field: AddressObject | AddressObject[] | undefined): Mail.Address[] | undefined {
  if (!field) return undefined;
  const list = (Array.isArray(field) ? field : [field]).flatMap((a) => a.value);
  const flat = list.flatMap((a) => (a.group ? a.group : [a]));
  const result = flat
    .filter((a) => a.address)
    .map((a) => ({ name: stripHidingCharacters(a.name ?? '').text, address: a.address as string }));
  return result.length > 0 ? result : undefined;
}

function build(composer: MailComposer): Promise<Buffer> {
  return new Promise((resolve, reject) => composer.compile().build((err, message) => (err ? reject(err) : resolve(message))));
}

export interface EmailOptions {
  readonly containedFileQuarantine: ContainedFileQuarantine;
  /** @default 'sanitize' */
  readonly attachments?: EmailAttachmentPolicy;
}

/**
 * Rebuilds an e-mail as a plain-text message: the text part (or the HTML part converted to text),
 * the addressing headers, and the attachments that survive sanitization; dropped attachments are
 * named in a note at the end of the body. Output is deterministic for the same input (boundaries
 * and ids derive from its hash), so a retried transfer delivers the same bytes.
 */
export async function sanitizeEmail(bytes: Uint8Array, ctx: SanitizeContext, options: EmailOptions): Promise<HandlerOutcome> {
  const input = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  let parsed;
  try {
    parsed = await simpleParser(input, { skipHtmlToText: true, skipTextToHtml: true, skipImageLinks: true, skipTextLinks: true });
  } catch (error) {
    throw new Quarantine('malformed', `e-mail cannot be parsed: ${error instanceof Error ? error.message : String(error)}`);
  }
  const hasMailHeaders = ['from', 'to', 'subject', 'date', 'message-id', 'mime-version'].some((h) => parsed.headers.has(h));
  if (!hasMailHeaders)
    throw new Quarantine('malformed', 'e-mail has none of the headers From, To, Subject, Date, Message-ID, MIME-Version');

  const removals: string[] = [];
  const html = typeof parsed.html === 'string' ? parsed.html : '';
  let body = parsed.text ?? '';
  if (html) {
    const scripts = (html.match(/<script\b/gi) ?? []).length;
    const remote = (html.match(/\b(src|href|background|action|srcset)\s{0,16}=\s{0,16}["']?\s{0,16}(https?:|\/\/|ftp:|file:|cid:)/gi) ?? [])
      .length;
    if (!body.trim()) body = htmlToPlainText(html);
    removals.push(`removed HTML body (${scripts} script(s), ${remote} remote reference(s)); delivered as plain text`);
  }
  const strippedBody = stripHidingCharacters(body);
  removals.push(...strippedBody.removals.map((r) => `${r} in the body`));
  body = strippedBody.text;

  const notes: string[] = [];
  const attachments: Mail.Attachment[] = [];
  for (const [index, attachment] of parsed.attachments.entries()) {
    // Attachments count like archive entries: a mail of 100 000 tiny attachments is a bomb too.
    ctx.budget.openEntry();
    const name =
      attachment.filename ?? (attachment.contentType === 'message/rfc822' ? `message-${index + 1}.eml` : `attachment-${index + 1}`);
    if (options.attachments === 'remove') {
      // Not opened at all: the policy delivers the message as text alone.
      notes.push(`Attachment '${name}' was removed: attachments are not delivered.`);
      removals.push(`removed attachment '${name}' (attachment policy: remove)`);
      continue;
    }
    const result = await ctx.sanitizeContained(name, attachment.content);
    if (result.verdict === 'quarantined' || !result.output) {
      if (options.containedFileQuarantine === 'quarantine-container') {
        throw new Quarantine(result.reasonCode ?? 'malformed', `attachment '${name}' is quarantined: ${result.reason}`);
      }
      notes.push(`Attachment '${name}' was removed: ${result.reason}`);
      removals.push(`removed attachment '${name}' (${result.reason})`);
      continue;
    }
    if (result.verdict === 'sanitized') {
      notes.push(`Attachment '${name}' was sanitized${result.output.name !== name ? ` and delivered as '${result.output.name}'` : ''}.`);
      removals.push(`sanitized attachment '${name}': ${result.actions.join('; ')}`);
    }
    attachments.push({ filename: result.output.name, content: Buffer.from(result.output.bytes) });
  }
  if (notes.length > 0) body = `${body.trimEnd()}\n\n---- lgsec sanitization ----\n${notes.join('\n')}\n`;

  const digest = createHash('sha256').update(input).digest('hex');
  const headerText = (value: string | undefined) => (value === undefined ? undefined : stripHidingCharacters(value).text);
  const composer = new MailComposer({
    from: addresses(parsed.from)?.[0],
    to: addresses(parsed.to),
    cc: addresses(parsed.cc),
    replyTo: addresses(parsed.replyTo),
    subject: headerText(parsed.subject),
    date: parsed.date ?? new Date(0),
    messageId: parsed.messageId ?? `<${digest.slice(0, 32)}@lgsec.invalid>`,
    inReplyTo: headerText(parsed.inReplyTo),
    references: parsed.references,
    text: body,
    attachments,
    baseBoundary: digest.slice(0, 16),
    disableFileAccess: true,
    disableUrlAccess: true,
  } as Mail.Options & { baseBoundary: string });
  let out: Buffer;
  try {
    out = await build(composer);
  } catch (error) {
    throw new Quarantine('malformed', `e-mail cannot be rebuilt: ${error instanceof Error ? error.message : String(error)}`);
  }
  return { bytes: out, removals, notes: ['rebuilt e-mail as plain text'] };
}
