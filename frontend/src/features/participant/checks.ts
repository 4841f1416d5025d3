// What still stands between a draft and submission, computed in the browser
// with the same rules the server applies on submit (required sections, word
// limits, a category, a proposal PDF). Answers i18n keys with values.
import { countWords } from '../../lib/words';
import type { Section } from './api';

export interface Gap {
  field: string;
  key: string;
  values: Record<string, string | number>;
}

export function submissionGaps(
  sections: Section[],
  draft: { title: string; category_id: number | null; sections: Record<string, string> },
  hasProposalFile: boolean,
): Gap[] {
  const gaps: Gap[] = [];
  if (draft.title.trim() === '') gaps.push({ field: 'title', key: 'gaps.title', values: {} });
  if (draft.category_id === null) gaps.push({ field: 'category_id', key: 'gaps.category', values: {} });
  for (const s of sections) {
    const text = draft.sections[s.key] ?? '';
    const words = countWords(text);
    if (s.required && text.trim() === '')
      gaps.push({ field: `sections.${s.key}`, key: 'gaps.required', values: { title: s.title } });
    else if ((s.word_limit ?? 0) > 0 && words > s.word_limit!) {
      gaps.push({
        field: `sections.${s.key}`,
        key: 'gaps.overLimit',
        values: { title: s.title, count: words, limit: s.word_limit! },
      });
    }
  }
  if (!hasProposalFile) gaps.push({ field: 'files', key: 'gaps.proposalFile', values: {} });
  return gaps;
}

/** The server's 422 fields in the same words (sections by title). */
export function serverGaps(fields: Record<string, string>, sections: Section[]): Gap[] {
  return Object.entries(fields).map(([field, message]): Gap => {
    if (field === 'files') return { field, key: 'gaps.proposalFile', values: {} };
    if (field === 'category_id') return { field, key: 'gaps.category', values: {} };
    const key = field.startsWith('sections.') ? field.slice('sections.'.length) : '';
    const s = sections.find((x) => x.key === key);
    return { field, key: 'gaps.server', values: { title: s?.title ?? field, message } };
  });
}
