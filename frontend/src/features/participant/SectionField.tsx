// One section of the proposal form: its title, the organizers' guidance, the
// text, and a live word counter against the section's limit (counted exactly
// as the server counts), said in words, not colour alone.
import { Group, Text, Textarea } from '@mantine/core';
import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import { countWords, wordState } from '../../lib/words';
import type { Section } from './api';

export const SectionField = memo(function SectionField({
  section,
  value,
  readOnly,
  serverError,
  onChange,
}: {
  section: Section;
  value: string;
  readOnly: boolean;
  serverError?: string;
  onChange: (key: string, text: string) => void;
}) {
  const { t } = useTranslation();
  const count = countWords(value);
  const limit = section.word_limit ?? 0;
  const state = wordState(count, limit);
  const counterId = `words-${section.key}`;
  const over = state === 'over';
  if (readOnly) {
    // Read-only: plain text, so nobody takes it for a box to type in.
    return (
      <div data-testid={`section-${section.key}`} data-readonly="true">
        <Text fw={700}>{section.title}</Text>
        <Text className="proposal-text" c={value.trim() ? undefined : 'dimmed'}>
          {value.trim() ? value : t('scoring.emptySection')}
        </Text>
        <Text size="sm" c="dimmed" id={counterId}>
          {limit > 0 ? t('editor.wordsOf', { count, limit }) : t('editor.words', { count })}
        </Text>
      </div>
    );
  }
  return (
    <div>
      <Textarea
        label={section.title}
        description={section.guidance}
        required={section.required}
        value={value}
        readOnly={readOnly}
        autosize
        minRows={section.key === 'ringkasan' ? 4 : 6}
        maxRows={24}
        onChange={(e) => onChange(section.key, e.currentTarget.value)}
        aria-describedby={counterId}
        error={over ? t('editor.overLimit', { count: count - limit }) : serverError}
        data-testid={`section-${section.key}`}
      />
      <Group justify="space-between" mt={4} gap="xs">
        <Text
          size="sm"
          id={counterId}
          c={over ? 'red.9' : state === 'near' ? '#a33b00' : 'dimmed'}
          fw={over ? 700 : 400}
          aria-live="polite"
          data-testid={`count-${section.key}`}
        >
          {limit > 0 ? t('editor.wordsOf', { count, limit }) : t('editor.words', { count })}
          {over && ` — ${t('editor.overShort')}`}
          {state === 'near' && ` — ${t('editor.nearLimit')}`}
        </Text>
        {section.required && count === 0 && !readOnly && (
          <Text size="sm" c="dimmed">
            {t('editor.requiredEmpty')}
          </Text>
        )}
      </Group>
    </div>
  );
});
