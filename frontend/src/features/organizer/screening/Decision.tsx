// A screening decision: eligible, not eligible or returned, with a reason the
// participant reads, chosen from KIPP's usual reasons (then editable) or
// written. The same form serves one entry and a bulk decision.
import { Radio, Select, Stack, Textarea, Group } from '@mantine/core';
import { useTranslation } from 'react-i18next';

export type Decision = 'eligible' | 'ineligible' | 'returned';
export const decisions: Decision[] = ['eligible', 'returned', 'ineligible'];
export const usualReasons = [
  'incomplete',
  'tooNew',
  'junk',
  'duplicate',
  'unreadable',
  'notPublicService',
  'other',
] as const;

export interface DecisionValue {
  decision: Decision | null;
  reason: string;
}

/** The reason is required unless the entry is eligible (the server says the same). */
export function decisionError(v: DecisionValue): 'decision' | 'reason' | null {
  if (!v.decision) return 'decision';
  if (v.decision !== 'eligible' && v.reason.trim() === '') return 'reason';
  return null;
}

export function DecisionFields({
  value,
  onChange,
  showErrors,
  idPrefix,
}: {
  value: DecisionValue;
  onChange: (v: DecisionValue) => void;
  showErrors: boolean;
  idPrefix: string;
}) {
  const { t } = useTranslation();
  const err = showErrors ? decisionError(value) : null;
  return (
    <Stack gap="sm">
      <Radio.Group
        label={t('screening.decision')}
        value={value.decision ?? ''}
        onChange={(d) => onChange({ ...value, decision: d as Decision })}
        error={err === 'decision' ? t('screening.decision') : undefined}
        name={`${idPrefix}-decision`}
      >
        <Group gap="md" mt={4}>
          {decisions.map((d) => (
            <Radio
              key={d}
              value={d}
              label={t(`screening.${d}`)}
              data-testid={`${idPrefix}-${d}`}
              styles={{ body: { minHeight: 32, alignItems: 'center' } }}
            />
          ))}
        </Group>
      </Radio.Group>
      {value.decision && value.decision !== 'eligible' && (
        <Select
          label={t('screening.reasonPick')}
          placeholder={t('screening.reasonPickPlaceholder')}
          data={usualReasons.map((r) => ({ value: r, label: t(`screening.reasons.${r}`) }))}
          onChange={(r) => {
            if (!r) return;
            onChange({ ...value, reason: r === 'other' ? '' : t(`screening.reasons.${r}`) });
          }}
          value={null}
          data-testid={`${idPrefix}-reason-pick`}
          comboboxProps={{ withinPortal: true }}
        />
      )}
      <Textarea
        label={t('screening.reason')}
        description={t('screening.reasonHint')}
        value={value.reason}
        onChange={(e) => onChange({ ...value, reason: e.currentTarget.value })}
        autosize
        minRows={2}
        maxLength={2000}
        error={err === 'reason' ? t('screening.reasonRequired') : undefined}
        data-testid={`${idPrefix}-reason`}
      />
    </Stack>
  );
}
