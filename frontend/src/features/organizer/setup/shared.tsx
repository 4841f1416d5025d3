// Pieces the setup and people pages share: problems in the user's language,
// a server 422 spread over the form's fields, and a labelled datetime input
// in the competition's zone.
import { Alert, TextInput, type TextInputProps } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import i18next from 'i18next';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../api/errors';
import { useErrorText } from '../../../components/states';
import type { Problems } from './rules';

/** Problems translated, as a Mantine form's errors. */
export function useProblemText() {
  const { t } = useTranslation();
  return (p: Problems): Record<string, string> =>
    Object.fromEntries(Object.entries(p).map(([k, pr]) => [k, t(pr.key, pr.values)]));
}

/**
 * Hands a failed save's field errors to setField (each at its field, in the
 * server's words) and answers the rest as one sentence, or null when every
 * error found its field.
 */
export function useServerErrors() {
  const errorText = useErrorText();
  return (e: unknown, setField: (field: string, msg: string) => boolean): string | null => {
    if (isApiError(e) && e.code === 'validation_failed' && Object.keys(e.fields).length > 0) {
      const rest = Object.entries(e.fields).filter(([k, msg]) => !setField(k, msg));
      if (rest.length === 0) return null;
      return rest.map(([k, msg]) => `${k}: ${msg}`).join('; ');
    }
    if (isApiError(e) && e.message && errorText(e) !== e.message) return `${errorText(e)} ${e.message}`;
    return errorText(e);
  };
}

export function FormError({ text }: { text: string | null }) {
  if (!text) return null;
  return (
    <Alert color="red" role="alert" variant="light">
      {text}
    </Alert>
  );
}

/** A date and time typed in the competition's zone (the label says which). */
export function ZoneDateTime(props: TextInputProps) {
  return <TextInput type="datetime-local" {...props} />;
}

/** A short notice; its close button is named (axe: button-name). */
export function notify(color: 'teal' | 'red', message: string) {
  notifications.show({ color, message, closeButtonProps: { 'aria-label': i18next.t('common.close') } });
}
