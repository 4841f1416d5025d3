// A judge declares a conflict of interest with an OPD of a competition (their
// former office, a unit they advise), with a reason. The server removes the
// assignments it forbids; a conflict with one entry is declared by stepping
// back from it on the scoring page. The judge is never told which assignments
// it touched: in a blind competition that would name an entry's OPD.
import { Alert, Button, Group, Modal, Select, Stack, Text, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client';
import { qk } from '../../api/queryKeys';
import { useErrorText } from '../../components/states';
import { checkReason } from '../../lib/validation';

export function DeclareConflictButton({
  competitionId,
  judgeId,
}: {
  competitionId: number;
  judgeId: number;
}) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const errorText = useErrorText();
  const [opened, { open, close }] = useDisclosure(false);
  const orgs = useQuery({
    queryKey: qk.organizations(),
    queryFn: () => call(api.GET('/api/v1/organizations', { params: { query: { limit: 200 } } })),
    enabled: opened,
    staleTime: 10 * 60_000,
  });
  const form = useForm({
    initialValues: { organization_id: null as string | null, reason: '' },
    validate: {
      organization_id: (v) => (v ? null : t('form.chooseOpd')),
      reason: (v) => {
        const p = checkReason(v);
        return p ? t(p.key, p.values) : null;
      },
    },
  });
  const submit = form.onSubmit(async (v) => {
    try {
      await call(
        api.POST('/api/v1/competitions/{id}/conflicts', {
          params: { path: { id: competitionId } },
          body: { judge_id: judgeId, organization_id: Number(v.organization_id), reason: v.reason.trim() },
        }),
      );
      await qc.invalidateQueries({ queryKey: qk.myAssignments() });
      notifications.show({
        color: 'teal',
        message: t('declare.done'),
      });
      form.reset();
      close();
    } catch (e) {
      form.setErrors({ reason: errorText(e) });
    }
  });
  return (
    <>
      <Button variant="default" onClick={open}>
        {t('declare.button')}
      </Button>
      <Modal
        opened={opened}
        onClose={close}
        closeButtonProps={{ 'aria-label': t('common.close') }}
        title={t('declare.title')}
        centered
      >
        <form onSubmit={submit} noValidate>
          <Stack>
            <Text>{t('declare.text')}</Text>
            <Select
              label={t('auth.opd')}
              placeholder={t('auth.opdPlaceholder')}
              searchable
              required
              data={(orgs.data?.items ?? []).map((o) => ({ value: String(o.id), label: o.name ?? '' }))}
              nothingFoundMessage={t('auth.opdNone')}
              {...form.getInputProps('organization_id')}
            />
            <Textarea
              label={t('declare.reason')}
              required
              autosize
              minRows={3}
              {...form.getInputProps('reason')}
            />
            {orgs.isError && <Alert color="red">{errorText(orgs.error)}</Alert>}
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" loading={form.submitting}>
                {t('declare.confirm')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </>
  );
}
