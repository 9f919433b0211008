import { TAG_KEYS } from './tags';

/**
 * Confidentiality per the national guideline (7.2):
 * 3 = secret-document level (My Number and other specific personal information),
 * 2 = not for publication, 1 = public or publishable.
 */
export type ConfidentialityLevel = 1 | 2 | 3;
/** Integrity: 2 = tampering, error or loss would harm residents' rights or administration; 1 = other. */
export type IntegrityLevel = 1 | 2;
/** Availability: 2 = loss or unavailability would harm residents' rights or administration; 1 = other. */
export type AvailabilityLevel = 1 | 2;

/** The classification of an information asset (policy 7.2), on the guideline's three axes. */
export interface Classification {
  readonly confidentiality: ConfidentialityLevel;
  readonly integrity: IntegrityLevel;
  readonly availability: AvailabilityLevel;
}

const LIMITS = { confidentiality: 3, integrity: 2, availability: 2 } as const;
type Axis = keyof typeof LIMITS;
const AXES = Object.keys(LIMITS) as Axis[];

/**
 * Problems with a classification given at run time (for example from JavaScript or JSON context,
 * where the type system did not check it). Empty when it is valid.
 */
export function classificationProblems(value: unknown, what = 'classification'): string[] {
  if (typeof value !== 'object' || value === null) {
    return [`${what} must be an object like { confidentiality: 2, integrity: 1, availability: 1 }, got ${JSON.stringify(value)}`];
  }
  const record = value as Record<string, unknown>;
  const problems: string[] = [];
  for (const axis of AXES) {
    const level = record[axis];
    if (!Number.isInteger(level) || (level as number) < 1 || (level as number) > LIMITS[axis]) {
      problems.push(`${what}.${axis} must be an integer from 1 to ${LIMITS[axis]}, got ${JSON.stringify(level)}`);
    }
  }
  for (const key of Object.keys(record)) {
    if (!(AXES as string[]).includes(key)) {
      problems.push(`${what} has an unknown key '${key}'; use only ${AXES.join(', ')}`);
    }
  }
  return problems;
}

/** Throws one error listing every problem of an invalid classification. */
export function validateClassification(value: unknown, what = 'classification'): Classification {
  const problems = classificationProblems(value, what);
  if (problems.length > 0) {
    throw new Error(`Invalid ${what}:\n  - ${problems.join('\n  - ')}`);
  }
  return value as Classification;
}

/** The `lgsec:confidentiality`/`integrity`/`availability` tags of a classification. */
export function classificationTags(classification: Classification): Record<string, string> {
  return {
    [TAG_KEYS.confidentiality]: String(classification.confidentiality),
    [TAG_KEYS.integrity]: String(classification.integrity),
    [TAG_KEYS.availability]: String(classification.availability),
  };
}

/**
 * Reads a classification back from tags (a key/value map). Returns the valid axes and the
 * problems with the others, so a rule can say exactly which tag is missing or wrong.
 */
export function parseClassificationTags(tags: Readonly<Record<string, string | undefined>>): {
  classification?: Classification;
  problems: string[];
} {
  const problems: string[] = [];
  const levels: Partial<Record<Axis, number>> = {};
  for (const axis of AXES) {
    const key = TAG_KEYS[axis];
    const raw = tags[key];
    if (raw === undefined) {
      problems.push(`missing tag ${key}`);
      continue;
    }
    const level = /^[0-9]$/.test(raw) ? Number(raw) : NaN;
    if (!(level >= 1 && level <= LIMITS[axis])) {
      problems.push(`tag ${key}='${raw}' is not a level from 1 to ${LIMITS[axis]}`);
      continue;
    }
    levels[axis] = level;
  }
  if (problems.length > 0) return { problems };
  return { classification: levels as unknown as Classification, problems };
}
