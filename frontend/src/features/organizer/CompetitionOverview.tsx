// A competition's first page for its organizer until its dashboard exists:
// how many OPDs have entered.
import { Stack } from '@mantine/core';
import { useCompetition } from './CompetitionArea';
import { Participation } from './Participation';

export default function CompetitionOverview() {
  const comp = useCompetition();
  return (
    <Stack>
      <Participation comp={comp} />
    </Stack>
  );
}
