// One criterion of the rubric: its weight, description and level descriptors,
// and an input that takes only the values the criterion allows: a stepper
// (a spinbutton: arrows step, digits type a value, Delete clears) with
// buttons of at least 44 px, plus one-tap whole values. No slider.
import { ActionIcon, Badge, Box, Group, Stack, Text, Textarea, Title, UnstyledButton } from '@mantine/core';
import { memo, useRef, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { allowedValues, parseTyped, stepValue, type RubricCriterion } from '../../lib/total';
import { formatScore } from '../../lib/format';
import type { Criterion } from './api';

export interface CriterionScore {
  value: number | null;
  comment: string;
}

function level(c: RubricCriterion, v: number | null): 'low' | 'mid' | 'high' | null {
  if (v === null) return null;
  const f = (v - c.min_score) / (c.max_score - c.min_score || 1);
  return f < 1 / 3 ? 'low' : f < 2 / 3 ? 'mid' : 'high';
}

export const CriterionInput = memo(function CriterionInput({
  criterion,
  index,
  score,
  readOnly,
  onChange,
}: {
  criterion: Criterion;
  index: number;
  score: CriterionScore;
  readOnly: boolean;
  onChange: (id: number, s: CriterionScore) => void;
}) {
  const { t, i18n } = useTranslation();
  const c: RubricCriterion = {
    id: criterion.id!,
    weight: criterion.weight,
    min_score: criterion.min_score ?? 0,
    max_score: criterion.max_score,
    step: criterion.step ?? 1,
  };
  const typed = useRef({ text: '', at: 0 });
  const set = (value: number | null) => !readOnly && onChange(c.id, { ...score, value });
  const current = level(c, score.value);
  const labelId = `crit-${c.id}-label`;
  const whole = allowedValues(c).filter((v) => Number.isInteger(v));

  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    if (readOnly || e.ctrlKey || e.metaKey || e.altKey) return;
    const k = e.key;
    let handled = true;
    if (k === 'ArrowUp' || k === 'ArrowRight') set(stepValue(c, score.value, 1));
    else if (k === 'ArrowDown' || k === 'ArrowLeft') set(stepValue(c, score.value, -1));
    else if (k === 'PageUp') set(stepValue(c, score.value, 1 / (c.step || 1)));
    else if (k === 'PageDown') set(stepValue(c, score.value, -1 / (c.step || 1)));
    else if (k === 'Home') set(c.min_score);
    else if (k === 'End') set(c.max_score);
    else if (k === 'Delete' || k === 'Backspace') set(null);
    else if (/^[0-9.,]$/.test(k)) {
      // Digits typed quickly run together: "1" then "0" is 10, "7" then "." is 7.5.
      const now = Date.now();
      const prev = now - typed.current.at < 900 ? typed.current.text : '';
      let text = prev + k;
      let v = parseTyped(c, text);
      if (v === null) {
        text = k;
        v = parseTyped(c, text);
      }
      typed.current = { text, at: now };
      if (v !== null) set(v);
    } else handled = false;
    if (handled) e.preventDefault();
  };

  return (
    <Box
      component="fieldset"
      p={0}
      m={0}
      style={{ border: 0 }}
      data-testid="criterion"
      data-criterion={criterion.key}
    >
      <Stack gap="xs">
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <Title order={3} size="h5" id={labelId} component="legend" style={{ padding: 0 }}>
            {index + 1}. {criterion.name}
          </Title>
          <Badge
            variant="outline"
            color="gray.8"
            size="lg"
            radius="sm"
            style={{ flexShrink: 0, color: 'var(--mantine-color-gray-8)' }}
          >
            {t('scoring.weight', { weight: criterion.weight })}
          </Badge>
        </Group>
        {criterion.description && (
          <Text size="sm" c="dimmed">
            {criterion.description}
          </Text>
        )}
        {criterion.descriptors && (
          <Stack gap={2}>
            {(['low', 'mid', 'high'] as const).map((lv) =>
              criterion.descriptors?.[lv] ? (
                <Text
                  key={lv}
                  size="sm"
                  fw={current === lv ? 700 : 400}
                  c={current === lv ? undefined : 'dimmed'}
                >
                  {current === lv && <span aria-hidden>▶ </span>}
                  {t(`scoring.level.${lv}`)}: {criterion.descriptors[lv]}
                  {current === lv && <span className="visually-hidden"> ({t('scoring.currentLevel')})</span>}
                </Text>
              ) : null,
            )}
          </Stack>
        )}
        <Group gap="xs" wrap="nowrap">
          <ActionIcon
            variant="default"
            size={44}
            tabIndex={-1}
            disabled={readOnly}
            onClick={() => set(stepValue(c, score.value, -1))}
            aria-label={t('scoring.decrease', { name: criterion.name })}
          >
            <span aria-hidden>−</span>
          </ActionIcon>
          <div
            className="score-value"
            role="spinbutton"
            tabIndex={0}
            aria-labelledby={labelId}
            aria-valuemin={c.min_score}
            aria-valuemax={c.max_score}
            aria-valuenow={score.value ?? undefined}
            aria-valuetext={
              score.value === null
                ? t('scoring.noValue')
                : `${formatScore(score.value, i18n.language)} / ${c.max_score}`
            }
            aria-readonly={readOnly || undefined}
            aria-describedby={`crit-${c.id}-help`}
            onKeyDown={onKey}
            data-testid="score-value"
          >
            {score.value === null ? '–' : formatScore(score.value, i18n.language)}
          </div>
          <ActionIcon
            variant="default"
            size={44}
            tabIndex={-1}
            disabled={readOnly}
            onClick={() => set(stepValue(c, score.value, 1))}
            aria-label={t('scoring.increase', { name: criterion.name })}
          >
            <span aria-hidden>+</span>
          </ActionIcon>
          <Text size="sm" c="dimmed" id={`crit-${c.id}-help`}>
            {t('scoring.range', {
              min: c.min_score,
              max: c.max_score,
              step: formatScore(c.step, i18n.language),
            })}
          </Text>
        </Group>
        {!readOnly && (
          <Group gap={6} aria-hidden>
            {whole.map((v) => (
              <UnstyledButton
                key={v}
                tabIndex={-1}
                className="score-chip"
                onClick={() => set(v)}
                style={{
                  borderRadius: 8,
                  border: '1px solid var(--mantine-color-gray-4)',
                  textAlign: 'center',
                  fontWeight: score.value === v ? 700 : 400,
                  background: score.value === v ? 'var(--mantine-color-juri-6)' : undefined,
                  color: score.value === v ? 'white' : undefined,
                }}
              >
                {v}
              </UnstyledButton>
            ))}
          </Group>
        )}
        <Textarea
          label={t('scoring.criterionNote', { name: criterion.name })}
          size="sm"
          autosize
          minRows={1}
          maxRows={6}
          value={score.comment}
          readOnly={readOnly}
          onChange={(e) => !readOnly && onChange(c.id, { ...score, comment: e.currentTarget.value })}
          maxLength={5000}
        />
      </Stack>
    </Box>
  );
});
