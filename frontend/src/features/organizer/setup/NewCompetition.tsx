// The new-competition wizard at /panitia/baru: first the starting point (the
// KIPP template, which fills categories, proposal sections, rounds and
// rubrics from the domain reference, or a blank competition), then its name,
// year and submission window. The competition is created as a draft and the
// organizer lands on its settings to adjust what the template filled.
import {
  Button,
  Checkbox,
  Group,
  NumberInput,
  Paper,
  Radio,
  SimpleGrid,
  Stack,
  Stepper,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api, call } from '../../../api/client';
import { qk } from '../../../api/queryKeys';
import { useSettings } from '../../../api/settings';
import { checkCompetition, fromZoneInput, type CompetitionForm } from './rules';
import { FormError, useProblemText, useServerErrors, ZoneDateTime } from './shared';

type Template = 'kipp' | 'blank';

export default function NewCompetition() {
  const { t } = useTranslation();
  const zone = useSettings().time_zone;
  const qc = useQueryClient();
  const navigate = useNavigate();
  const problems = useProblemText();
  const serverErrors = useServerErrors();
  const [step, setStep] = useState(0);
  const [template, setTemplate] = useState<Template>('kipp');
  const [error, setError] = useState<string | null>(null);
  const year = new Date().getFullYear();
  const form = useForm<CompetitionForm>({
    initialValues: {
      name: t('setup.wizard.defaultName', { year }),
      year,
      description: '',
      blind: false,
      submission_opens_at: '',
      submission_closes_at: '',
      max_entries_per_organization: 10,
    },
    validate: (v) => problems(checkCompetition(v)),
  });

  const submit = form.onSubmit(async (v) => {
    setError(null);
    try {
      const comp = await call(
        api.POST('/api/v1/competitions', {
          body: {
            name: v.name.trim(),
            year: Number(v.year),
            description: v.description.trim(),
            template,
            blind: v.blind,
            submission_opens_at: fromZoneInput(v.submission_opens_at, zone),
            submission_closes_at: fromZoneInput(v.submission_closes_at, zone),
            max_entries_per_organization: Number(v.max_entries_per_organization),
          },
        }),
      );
      await qc.invalidateQueries({ queryKey: qk.competitions() });
      navigate(`/panitia/kompetisi/${comp.id}/pengaturan`);
    } catch (e) {
      setError(
        serverErrors(e, (k, msg) => {
          if (!(k in form.values)) return false;
          form.setFieldError(k, msg);
          return true;
        }),
      );
    }
  });

  return (
    <Stack gap="lg" maw={760}>
      <div>
        <Title order={1}>{t('setup.wizard.title')}</Title>
        <Text c="dimmed">{t('setup.wizard.lead')}</Text>
      </div>
      <Stepper
        active={step}
        onStepClick={(s) => s < step && setStep(s)}
        size="sm"
        allowNextStepsSelect={false}
      >
        <Stepper.Step label={t('setup.wizard.step1')} description={t('setup.wizard.step1Hint')}>
          <Stack mt="md">
            <Radio.Group
              value={template}
              onChange={(v) => setTemplate(v as Template)}
              label={t('setup.wizard.templateLabel')}
              name="template"
            >
              <SimpleGrid cols={{ base: 1, sm: 2 }} mt="xs">
                <Paper withBorder p="md" radius="md" component="label" style={{ cursor: 'pointer' }}>
                  <Group wrap="nowrap" align="flex-start">
                    <Radio value="kipp" aria-label={t('setup.wizard.kipp')} data-testid="template-kipp" />
                    <div>
                      <Text fw={600}>{t('setup.wizard.kipp')}</Text>
                      <Text size="sm" c="dimmed">
                        {t('setup.wizard.kippHint')}
                      </Text>
                    </div>
                  </Group>
                </Paper>
                <Paper withBorder p="md" radius="md" component="label" style={{ cursor: 'pointer' }}>
                  <Group wrap="nowrap" align="flex-start">
                    <Radio value="blank" aria-label={t('setup.wizard.blank')} data-testid="template-blank" />
                    <div>
                      <Text fw={600}>{t('setup.wizard.blank')}</Text>
                      <Text size="sm" c="dimmed">
                        {t('setup.wizard.blankHint')}
                      </Text>
                    </div>
                  </Group>
                </Paper>
              </SimpleGrid>
            </Radio.Group>
            <Group justify="flex-end">
              <Button onClick={() => setStep(1)}>{t('setup.wizard.next')}</Button>
            </Group>
          </Stack>
        </Stepper.Step>
        <Stepper.Step label={t('setup.wizard.step2')} description={t('setup.wizard.step2Hint')}>
          <Paper withBorder p="lg" radius="md" mt="md" component="form" onSubmit={submit} noValidate>
            <Stack>
              <TextInput label={t('setup.competition.name')} required {...form.getInputProps('name')} />
              <NumberInput
                label={t('setup.competition.year')}
                required
                min={2000}
                max={2100}
                allowDecimal={false}
                {...form.getInputProps('year')}
              />
              <Textarea
                label={t('setup.competition.description')}
                autosize
                minRows={3}
                {...form.getInputProps('description')}
              />
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <ZoneDateTime
                  label={t('setup.competition.opensAt')}
                  description={t('setup.zoneHint')}
                  {...form.getInputProps('submission_opens_at')}
                />
                <ZoneDateTime
                  label={t('setup.competition.closesAt')}
                  description={t('setup.zoneHint')}
                  {...form.getInputProps('submission_closes_at')}
                />
              </SimpleGrid>
              <NumberInput
                label={t('setup.competition.maxEntries')}
                description={t('setup.competition.maxEntriesHint')}
                min={0}
                max={1000}
                allowDecimal={false}
                {...form.getInputProps('max_entries_per_organization')}
              />
              <Checkbox
                label={t('setup.competition.blind')}
                description={t('setup.competition.blindHint')}
                {...form.getInputProps('blind', { type: 'checkbox' })}
              />
              <FormError text={error} />
              <Group justify="space-between">
                <Button variant="default" onClick={() => setStep(0)}>
                  {t('setup.wizard.back')}
                </Button>
                <Button type="submit" loading={form.submitting}>
                  {t('setup.wizard.create')}
                </Button>
              </Group>
            </Stack>
          </Paper>
        </Stepper.Step>
      </Stepper>
    </Stack>
  );
}
