import { createHash } from 'crypto';
import { convert } from 'html-to-text';
import { AddressObject, simpleParser } from 'mailparser';
import MailComposer from 'nodemailer/lib/mail-composer';
import type Mail from 'nodemailer/lib/mailer';
import { ContainedFileQuarantine, EmailAttachmentPolicy } from '../options';
import { ContainedResult, HandlerOutcome, SanitizeContext } from './context';
import { defangLocalLinks, EncodedFile, findEncodedFiles } from './mail-body';
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

/** Detached signatures (S/MIME, OpenPGP): they sign the original bytes, which a rebuilt message no longer has. */
const SIGNATURE_TYPES = /^application\/(x-)?pkcs7-signature$|^application\/pgp-signature$/i;
/** S/MIME enveloped or opaque-signed data: the message is inside, encrypted or DER-wrapped. */
const SMIME_ENVELOPE_TYPES = /^application\/(x-)?pkcs7-mime$/i;

const ENCODING_NAMES: Record<EncodedFile['encoding'], string> = {
  uuencode: 'uuencoded',
  base64: 'base64-encoded',
  yEnc: 'yEnc-encoded',
  BinHex: 'BinHex-encoded',
};

/** A note to the recipient, in Japanese and English: LGWAN staff read the delivered message. */
interface Note {
  readonly ja: string;
  readonly en: string;
}

interface Collected {
  readonly notes: Note[];
  readonly removals: string[];
  readonly attachments: Mail.Attachment[];
}

/**
 * Files encoded in the text of the body (which mail clients show as attachments, never checked
 * as such) are taken out of it: a uuencoded or base64 file is decoded and sanitized like an
 * attachment, and delivered as one if it passes; yEnc and BinHex files, which cannot be
 * recovered from the decoded text, are removed. A line in the body says where each one was.
 */
async function extractEncodedFiles(body: string, ctx: SanitizeContext, options: EmailOptions, out: Collected): Promise<string> {
  const found = findEncodedFiles(body);
  if (found.length === 0) return body;
  const pieces: string[] = [];
  let from = 0;
  for (const [index, file] of found.entries()) {
    ctx.budget.openEntry();
    const kind = ENCODING_NAMES[file.encoding];
    const label = `${kind} file${file.name ? ` '${file.name}'` : ''} in the body`;
    let result: ContainedResult;
    if (options.attachments === 'remove') {
      // The policy delivers text alone: a file hidden in the body is not an exception to it.
      result = { verdict: 'quarantined', detectedType: file.encoding, actions: [], reason: 'attachments are not delivered' };
    } else if (file.bytes) {
      result = await ctx.sanitizeContained(file.name ?? `body-file-${index + 1}`, file.bytes);
    } else {
      result = {
        verdict: 'quarantined',
        detectedType: file.encoding,
        actions: [],
        reason: `${file.encoding} files are not an allowlisted type`,
      };
    }
    let marker: string;
    if (result.verdict === 'quarantined' || !result.output) {
      if (options.containedFileQuarantine === 'quarantine-container') {
        throw new Quarantine(result.reasonCode ?? 'unsupported-type', `${label} is quarantined: ${result.reason}`);
      }
      out.notes.push({
        ja: `本文中の ${file.encoding} 形式のファイル${file.name ? ` '${file.name}'` : ''}を削除した（理由: ${result.reason}）。`,
        en: `The ${label} was removed: ${result.reason}`,
      });
      out.removals.push(`removed ${label} (${result.reason})`);
      marker = `[lgsec: removed ${label.replace(/ in the body$/, '')}]`;
    } else {
      out.notes.push({
        ja: `本文中の ${file.encoding} 形式のファイル${file.name ? ` '${file.name}'` : ''}を無害化し、添付ファイル '${result.output.name}' とした。`,
        en: `The ${label} was sanitized and attached as '${result.output.name}'.`,
      });
      out.removals.push(`moved ${label} to the attachment '${result.output.name}': ${result.actions.join('; ')}`);
      out.attachments.push({ filename: result.output.name, content: Buffer.from(result.output.bytes) });
      marker = `[lgsec: ${kind} file moved to the attachment '${result.output.name}']`;
    }
    const lineEnd = /(\r\n|\n|\r)$/.exec(body.slice(file.start, file.end))?.[0] ?? '';
    pieces.push(body.slice(from, file.start), marker, lineEnd);
    from = file.end;
  }
  pieces.push(body.slice(from));
  return pieces.join('');
}

export interface EmailOptions {
  readonly containedFileQuarantine: ContainedFileQuarantine;
  /** @default 'sanitize' */
  readonly attachments?: EmailAttachmentPolicy;
}

/**
 * Rebuilds an e-mail as a plain-text message: the text part (or the HTML part converted to text),
 * the addressing headers, and the attachments that survive sanitization; dropped attachments,
 * files encoded in the body, signatures and links to files or network shares are named in a note
 * at the end of the body. Output is deterministic for the same input (boundaries
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

  const notes: Note[] = [];
  const attachments: Mail.Attachment[] = [];
  body = await extractEncodedFiles(body, ctx, options, { notes, removals, attachments });
  const links = defangLocalLinks(body);
  if (links.count > 0) {
    body = links.text;
    removals.push(`made ${links.count} link(s) to a file or network share (file:, smb:, UNC \\\\host) in the body unclickable`);
    notes.push({
      ja: `本文中のファイル・共有フォルダへのリンク ${links.count} 件を、クリックできない形にした（"file[:]"、"[\\\\]host"）。`,
      en: `${links.count} link(s) to a file or network share in the body were made unclickable ("file[:]", "[\\\\]host").`,
    });
  }
  for (const [index, attachment] of parsed.attachments.entries()) {
    // Attachments count like archive entries: a mail of 100 000 tiny attachments is a bomb too.
    ctx.budget.openEntry();
    const label = attachment.filename ? `'${attachment.filename}'` : `(${attachment.contentType})`;
    if (SIGNATURE_TYPES.test(attachment.contentType)) {
      // Never a reason to quarantine: the content is all delivered, only the proof of origin is not.
      notes.push({
        ja: `送信者の署名 ${label} を削除した。メッセージを作り直したため署名は一致しない。lgsec は署名を検証していない。`,
        en: `The sender's signature ${label} was removed: the message was rebuilt, so it no longer matches; lgsec did not verify it.`,
      });
      removals.push(`removed signature ${label} (a rebuilt message no longer matches it)`);
      continue;
    }
    if (SMIME_ENVELOPE_TYPES.test(attachment.contentType)) {
      const reason = 'S/MIME encrypted or opaque-signed content cannot be inspected';
      if (options.containedFileQuarantine === 'quarantine-container') throw new Quarantine('unsupported-type', `${label}: ${reason}`);
      notes.push({
        ja: `S/MIME の内容 ${label} を削除した。暗号化又は署名で包まれた内容は検査できない。`,
        en: `The S/MIME content ${label} was removed: ${reason}.`,
      });
      removals.push(`removed S/MIME content ${label} (${reason})`);
      continue;
    }
    const name =
      attachment.filename ?? (attachment.contentType === 'message/rfc822' ? `message-${index + 1}.eml` : `attachment-${index + 1}`);
    if (options.attachments === 'remove') {
      // Not opened at all: the policy delivers the message as text alone.
      notes.push({
        ja: `添付ファイル '${name}' を削除した。添付ファイルは配送しない設定である。`,
        en: `Attachment '${name}' was removed: attachments are not delivered.`,
      });
      removals.push(`removed attachment '${name}' (attachment policy: remove)`);
      continue;
    }
    const result = await ctx.sanitizeContained(name, attachment.content);
    if (result.verdict === 'quarantined' || !result.output) {
      if (options.containedFileQuarantine === 'quarantine-container') {
        throw new Quarantine(result.reasonCode ?? 'malformed', `attachment '${name}' is quarantined: ${result.reason}`);
      }
      notes.push({
        ja: `添付ファイル '${name}' を削除した（理由: ${result.reason}）。`,
        en: `Attachment '${name}' was removed: ${result.reason}`,
      });
      removals.push(`removed attachment '${name}' (${result.reason})`);
      continue;
    }
    if (result.verdict === 'sanitized') {
      const renamed = result.output.name !== name;
      notes.push({
        ja: `添付ファイル '${name}' を無害化した${renamed ? `（'${result.output.name}' として配送）` : ''}。`,
        en: `Attachment '${name}' was sanitized${renamed ? ` and delivered as '${result.output.name}'` : ''}.`,
      });
      removals.push(`sanitized attachment '${name}': ${result.actions.join('; ')}`);
    }
    attachments.push({ filename: result.output.name, content: Buffer.from(result.output.bytes) });
  }
  if (notes.length > 0) {
    const lines = notes.map((note) => `${note.ja}\n${note.en}`).join('\n');
    body = `${body.trimEnd()}\n\n---- lgsec による無害化 / lgsec sanitization ----\n${lines}\n`;
  }

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
