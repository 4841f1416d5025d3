// The reasons of an import's bad lines in the page's language. The server
// sends each bad line with its problems' codes, columns and values
// (LineProblem in api/openapi.yaml) beside an English message; the page says
// each problem through people.import.problem.<code>, and falls back to the
// server's message when it meets a code it has no words for.
import type { TFunction } from 'i18next';
import type { components } from '../../../api/schema';

export type LineError = components['schemas']['LineError'];
export type LineProblem = components['schemas']['LineProblem'];
export type ProblemCode = LineProblem['code'];

// Every code of the contract: a code added to api/openapi.yaml fails the type
// check here until it is listed (and i18n.test.ts until it has its words).
const codes: Record<ProblemCode, true> = {
  required: true,
  too_long: true,
  bad_email: true,
  bad_characters: true,
  control_characters: true,
  not_utf8: true,
  not_one_of: true,
  unknown_code: true,
  duplicate_in_file: true,
  required_for_role: true,
  admin_only_role: true,
  account_exists: true,
  last_admin: true,
  parent_is_self: true,
  parent_cycle: true,
  parent_missing: true,
  unreadable_line: true,
  bad_quote: true,
  wrong_field_count: true,
  missing_columns: true,
  empty_file: true,
  no_data_lines: true,
  invalid: true,
};
export const problemCodes = Object.keys(codes) as ProblemCode[];

export const problemKey = (code: string) => `people.import.problem.${code}`;

/** One problem in words: its params, the column, and the names the words need. */
function problemText(t: TFunction, p: LineProblem): string {
  const params: Record<string, string | number> = { ...p.params, field: p.field ?? '' };
  const role = p.params.role;
  if (typeof role === 'string') params.roleName = t(`people.role.${role}`, { defaultValue: role });
  if (p.code === 'account_exists') {
    const org = p.params.organization;
    params.organization =
      org === 'opd'
        ? t('people.import.org.opd', { code: p.params.organization_code ?? '' })
        : org === 'none'
          ? t('people.import.org.none')
          : t('people.import.org.other');
  }
  return t(problemKey(p.code), params);
}

/**
 * The reasons of one bad line: a text per problem, or the server's message
 * alone when the line has no problems or one with a code the page does not
 * know (a newer server's).
 */
export function lineReasons(t: TFunction, exists: (key: string) => boolean, e: LineError): string[] {
  const problems = e.problems ?? [];
  if (problems.length === 0 || problems.some((p) => !exists(problemKey(p.code)))) return [e.message];
  return problems.map((p) => problemText(t, p));
}

/**
 * The bad lines to show, one per line of the file: the server may list a line
 * more than once (a later check's problem comes in an item of its own), and
 * the clerk fixes lines, so their reasons go together, in the server's order.
 */
export function badLines(
  t: TFunction,
  exists: (key: string) => boolean,
  errors: LineError[],
): { line: number; reasons: string[] }[] {
  const out: { line: number; reasons: string[] }[] = [];
  const at = new Map<number, string[]>();
  for (const e of errors) {
    const reasons = lineReasons(t, exists, e);
    const seen = at.get(e.line);
    if (seen) {
      seen.push(...reasons);
      continue;
    }
    const item = { line: e.line, reasons: [...reasons] };
    at.set(e.line, item.reasons);
    out.push(item);
  }
  return out;
}
