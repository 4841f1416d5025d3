// The time left until a deadline, updated every minute, with the date in WIB.
import { Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime, remaining } from '../lib/format';

export function Countdown({ deadline, label }: { deadline: string | null | undefined; label?: string }) {
  const { t, i18n } = useTranslation();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(id);
  }, []);
  if (!deadline) return <Text size="sm">{t('deadline.none')}</Text>;
  const r = remaining(deadline, now);
  const when = formatDateTime(deadline, i18n.language);
  if (r.past) {
    return (
      <Text size="sm" c="red.8" fw={600}>
        {t('deadline.passed', { when })}
      </Text>
    );
  }
  const left =
    r.days > 0
      ? t('deadline.days', { count: r.days, hours: r.hours })
      : t('deadline.hours', { hours: r.hours, minutes: r.minutes });
  return (
    <Text size="sm" c={r.urgent ? 'red.9' : undefined} fw={r.urgent ? 700 : 500}>
      {label ?? t('deadline.label')}: {when} · <span>{t('deadline.left', { left })}</span>
    </Text>
  );
}
