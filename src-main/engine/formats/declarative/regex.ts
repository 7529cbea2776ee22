/**
 * Regular-expression helpers for declarative formats: compiling a user's pattern with a
 * readable error, listing its named groups, and finding a literal keyword that every
 * matching line must contain, so that a cheap `indexOf` can reject most lines before the
 * regular expression runs.
 */

/** A compiled pattern with its cheap pre-check. */
export interface Matcher {
  regex: RegExp;
  /** Text every matching line contains, or null when none is known. */
  keyword: string | null;
}

/** Compiles `source`, or returns the engine's error text (e.g. "Invalid capture group name"). */
export function compileRegex(source: string, ignoreCase = false): RegExp | string {
  try {
    return new RegExp(source, ignoreCase ? 'i' : '');
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

/**
 * The names of the named groups of a pattern that compiles. The pattern is wrapped as
 * `(?:pattern)|` and run on the empty string: the empty alternative always matches, and
 * the match's `groups` object still lists every group name (with undefined values).
 */
export function groupNames(regex: RegExp): string[] {
  const match = probe(regex);
  return match?.groups ? Object.keys(match.groups) : [];
}

function probe(regex: RegExp): RegExpExecArray | null {
  return new RegExp(`(?:${regex.source})|`, regex.flags).exec('');
}

/** A pattern whose named groups are read by number, which is much faster. */
export interface IndexedRegex {
  /** The pattern with `(?<name>` written as plain `(`; the numbering is the same. */
  regex: RegExp;
  /** Capture number of each named group, as in `match[number]`. */
  groups: ReadonlyMap<string, number>;
}

/**
 * Numbers the named groups of a pattern that compiles, and drops their names: V8 builds a
 * `groups` object for every match of a pattern with named groups, which costs about as
 * much as the match itself. Returns an error text if the numbering could not be checked.
 */
export function indexGroups(source: string, ignoreCase = false): IndexedRegex | string {
  const flags = ignoreCase ? 'i' : '';
  const groups = new Map<string, number>();
  let out = '';
  let count = 0;
  let i = 0;

  while (i < source.length) {
    const c = source[i];
    let end = i + 1;
    if (c === '\\') end = i + 2;
    else if (c === '[') end = skipClass(source, i);
    else if (c === '(' && source[i + 1] !== '?') count++;
    else if (c === '(' && isNamedGroup(source, i)) {
      end = source.indexOf('>', i) + 1;
      groups.set(source.slice(i + 3, end - 1), ++count);
      out += '(';
      i = end;
      continue;
    }
    out += source.slice(i, end);
    i = end;
  }

  // A back reference by name (\k<name>) needs the names: keep them, the numbers still hold.
  const regex = new RegExp(source.includes('\\k<') ? source : out, flags);
  const captures = (probe(regex)?.length ?? 1) - 1;
  if (captures !== count || groupNames(new RegExp(source, flags)).length !== groups.size) {
    return 'could not number the groups of this pattern';
  }
  return { regex, groups };
}

/** `(?<name>` opens a named group; `(?<=` and `(?<!` are look-behinds. */
function isNamedGroup(source: string, at: number): boolean {
  const next = source[at + 3];
  return source[at + 2] === '<' && next !== '=' && next !== '!';
}

/** A matcher with the declared keyword, or else one derived from the pattern. */
export function makeMatcher(regex: RegExp, declared: string | undefined): Matcher {
  if (declared !== undefined) return { regex, keyword: declared };
  const keyword = regex.ignoreCase ? null : deriveKeyword(regex.source);
  return { regex, keyword };
}

/** Cheap check first, then the regular expression. */
export function matchLine(matcher: Matcher, line: string): RegExpExecArray | null {
  if (matcher.keyword !== null && line.indexOf(matcher.keyword) < 0) return null;
  return matcher.regex.exec(line);
}

/** The same as `matchLine`, for callers that only need a yes or no. */
export function testLine(matcher: Matcher, line: string): boolean {
  if (matcher.keyword !== null && line.indexOf(matcher.keyword) < 0) return false;
  return matcher.regex.test(line);
}

/** Shorter literals reject too few lines to pay for the `indexOf`. */
const MIN_KEYWORD_LENGTH = 2;

/**
 * The longest run of literal characters outside any group that every match must contain,
 * or null. The scan is deliberately conservative: anything it does not fully understand
 * (a group, a class, an escape with a letter, a quantifier) ends the current run, and an
 * alternation at the top level gives up, since then no literal is mandatory.
 */
export function deriveKeyword(source: string): string | null {
  const runs: string[] = [];
  let run = '';
  const endRun = () => {
    if (run.length > 0) runs.push(run);
    run = '';
  };

  let i = 0;
  while (i < source.length) {
    const c = source[i];

    if (c === '|') return null;
    if (c === '\\') {
      const next = source[i + 1] ?? '';
      if (/^[A-Za-z0-9]$/.test(next) || next === '') {
        // \d, \s, \b, \x41, \k<name>, \1 ...: not a plain character.
        endRun();
        i = skipEscape(source, i);
      } else {
        run += next;
        i += 2;
      }
      continue;
    }
    if (c === '(' || c === '[') {
      endRun();
      i = c === '(' ? skipGroup(source, i) : skipClass(source, i);
      continue;
    }
    if (c === '*' || c === '?' || c === '{') {
      // The character before is optional or repeated: it is not a fixed part of the text.
      run = run.slice(0, -1);
      endRun();
      i = c === '{' ? skipBraces(source, i) : i + 1;
      continue;
    }
    if (c === '+') {
      // The character before appears at least once, but what follows it may not be next.
      endRun();
      i++;
      continue;
    }
    if (c === '.' || c === '^' || c === '$') {
      endRun();
      i++;
      continue;
    }
    run += c;
    i++;
  }
  endRun();

  const longest = runs.reduce((best, r) => (r.length > best.length ? r : best), '');
  return longest.length >= MIN_KEYWORD_LENGTH ? longest : null;
}

/** Index after an escape sequence starting at `source[at] === '\\'`. */
function skipEscape(source: string, at: number): number {
  const kind = source[at + 1];
  if (kind === 'x') return at + 4;
  if (kind === 'c') return at + 3;
  if (kind === 'u') return source[at + 2] === '{' ? source.indexOf('}', at) + 1 : at + 6;
  if (kind === 'p' || kind === 'P') return source.indexOf('}', at) + 1;
  if (kind === 'k') return source.indexOf('>', at) + 1;
  let end = at + 2;
  if (kind !== undefined && kind >= '0' && kind <= '9') {
    while (end < source.length && source[end] >= '0' && source[end] <= '9') end++;
  }
  return end;
}

/** Index after a character class starting at `source[at] === '['`. */
function skipClass(source: string, at: number): number {
  let i = at + 1;
  while (i < source.length && source[i] !== ']') i += source[i] === '\\' ? 2 : 1;
  return i + 1;
}

/** Index after a group starting at `source[at] === '('`, nested groups included. */
function skipGroup(source: string, at: number): number {
  let depth = 0;
  let i = at;
  while (i < source.length) {
    const c = source[i];
    if (c === '\\') i += 2;
    else if (c === '[') i = skipClass(source, i);
    else {
      if (c === '(') depth++;
      if (c === ')' && --depth === 0) return i + 1;
      i++;
    }
  }
  return i;
}

/** Index after `{n}`, `{n,}` or `{n,m}`; after the brace alone when it is a plain `{`. */
function skipBraces(source: string, at: number): number {
  const close = source.indexOf('}', at);
  return close < 0 ? at + 1 : close + 1;
}
