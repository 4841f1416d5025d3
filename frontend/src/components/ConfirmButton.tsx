// A button that asks first: for actions that cannot be taken back (submit,
// withdraw), optionally with a reason the user must give.
import { Button, Group, Modal, Stack, Text, Textarea, type ButtonProps } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useState, type CSSProperties, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { checkReason } from '../lib/validation';

interface Props extends ButtonProps {
  title: string;
  message: ReactNode;
  confirmLabel: string;
  onConfirm: (reason: string) => Promise<unknown> | void;
  withReason?: string;
  danger?: boolean;
  children: ReactNode;
}

export function ConfirmButton({
  title,
  message,
  confirmLabel,
  onConfirm,
  withReason,
  danger,
  children,
  ...button
}: Props) {
  const { t } = useTranslation();
  const [opened, { open, close }] = useDisclosure(false);
  const [reason, setReason] = useState('');
  const [touched, setTouched] = useState(false);
  const [busy, setBusy] = useState(false);
  const problem = withReason ? checkReason(reason) : null;

  const confirm = async () => {
    setTouched(true);
    if (problem) return;
    setBusy(true);
    try {
      await onConfirm(reason.trim());
      close();
      setReason('');
      setTouched(false);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Button
        color={danger ? 'red.9' : undefined}
        // Light variants draw red text a shade too pale for small type; this keeps 4.5:1.
        style={
          danger && button.variant
            ? ({ '--button-color': 'var(--mantine-color-red-9)' } as CSSProperties)
            : undefined
        }
        {...button}
        onClick={open}
      >
        {children}
      </Button>
      <Modal
        opened={opened}
        onClose={close}
        closeButtonProps={{ 'aria-label': t('common.close') }}
        title={title}
        centered
      >
        <Stack>
          <Text>{message}</Text>
          {withReason && (
            <Textarea
              label={withReason}
              required
              autosize
              minRows={3}
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
              error={touched && problem ? t(problem.key, problem.values) : undefined}
              data-autofocus
            />
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t('common.cancel')}
            </Button>
            <Button color={danger ? 'red.9' : undefined} loading={busy} onClick={confirm}>
              {confirmLabel}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
