// A CSV import that shows every bad line with its reason before anything is
// written: the file (chosen, or typed into the box) is first sent as a dry
// run (?dry_run=true), which checks it exactly as the import would and
// writes nothing; the page lists each bad line next to its text, the clerk
// fixes the file (here or in Excel) and checks again, and only a file
// without bad lines can be imported. Each line's reasons are said in the
// page's language from the problems' codes (importProblems.ts).
import {
  Alert,
  Box,
  Button,
  Card,
  Code,
  FileButton,
  Group,
  List,
  Paper,
  Stack,
  Table,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useQueryClient, type QueryKey } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/client';
import { ApiError, networkError, type ErrorBody } from '../../../api/errors';
import { useErrorText } from '../../../components/states';
import { badLines, type LineError } from './importProblems';
import { decodeCsv } from './csvText';

type Path = '/api/v1/organizations/import' | '/api/v1/users/import';
type Report =
  | { kind: 'ok'; dry: boolean; created: number; updated: number; unchanged: number }
  | { kind: 'lines'; errors: LineError[] }
  | { kind: 'failed'; error: ApiError };

async function send(path: Path, text: string, dry: boolean): Promise<Report> {
  let r;
  try {
    r = await api.POST(path, {
      params: { query: { dry_run: dry } },
      body: text,
      bodySerializer: (b) => b as string,
      headers: { 'Content-Type': 'text/csv' },
    });
  } catch {
    return { kind: 'failed', error: networkError() };
  }
  if (r.response.ok && r.data) {
    const d = r.data;
    return { kind: 'ok', dry, created: d.created, updated: d.updated, unchanged: d.unchanged };
  }
  const body = r.error as (ErrorBody & { errors?: LineError[] }) | undefined;
  if (r.response.status === 422 && body?.errors && body.errors.length > 0)
    return { kind: 'lines', errors: body.errors };
  return {
    kind: 'failed',
    error: new ApiError(r.response.status, body, r.response.headers.get('X-Request-ID')),
  };
}

export function CsvImport({
  path,
  columns,
  example,
  title,
  hint,
  invalidate,
  testId,
}: {
  path: Path;
  columns: string;
  example: string;
  title: string;
  hint: string;
  invalidate: QueryKey;
  testId: string;
}) {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const errorText = useErrorText();
  const [text, setText] = useState('');
  const [fileName, setFileName] = useState<string | null>(null);
  const [report, setReport] = useState<Report | null>(null);
  const [checkedText, setCheckedText] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // The chosen file was not UTF-8 and was read as Excel's Windows-1252.
  const [legacy, setLegacy] = useState(false);

  const lines = text.split(/\r\n|\n|\r/);
  const run = async (dry: boolean) => {
    setBusy(true);
    const r = await send(path, text, dry);
    setBusy(false);
    setReport(r);
    setCheckedText(r.kind === 'ok' && r.dry ? text : null);
    if (r.kind === 'ok' && !r.dry) {
      await qc.invalidateQueries({ queryKey: invalidate });
      setText('');
      setFileName(null);
      setLegacy(false);
    }
  };
  const readFile = async (f: File | null) => {
    if (!f) return;
    setFileName(f.name);
    const read = decodeCsv(await f.arrayBuffer());
    setText(read.text);
    setLegacy(read.encoding === 'windows-1252');
    setReport(null);
  };
  const canImport = checkedText !== null && checkedText === text;
  // A table from a tablet's width up; on a phone one card per bad line.
  const wide = useMediaQuery('(min-width: 48em)');
  const bad = report?.kind === 'lines' ? badLines(t, (k) => i18n.exists(k), report.errors) : [];

  return (
    <Paper withBorder p="lg" radius="md" data-testid={testId}>
      <Stack>
        <div>
          <Title order={2} size="h3">
            {title}
          </Title>
          <Text c="dimmed" size="sm">
            {hint}
          </Text>
          <Text size="sm" mt={4}>
            {t('people.import.columns')} <Code>{columns}</Code>
          </Text>
        </div>
        <Group>
          <FileButton onChange={(f) => void readFile(f)} accept=".csv,text/csv,text/plain">
            {(props) => (
              <Button variant="default" {...props}>
                {t('people.import.choose')}
              </Button>
            )}
          </FileButton>
          {fileName && <Text size="sm">{fileName}</Text>}
        </Group>
        {legacy && (
          <Alert color="blue" variant="light" data-testid="csv-encoding">
            {t('people.import.windows1252')}
          </Alert>
        )}
        <Textarea
          label={t('people.import.content')}
          description={t('people.import.contentHint')}
          placeholder={example}
          autosize
          minRows={4}
          maxRows={14}
          value={text}
          onChange={(e) => {
            setText(e.currentTarget.value);
            if (report?.kind === 'ok' && !report.dry) setReport(null);
          }}
          styles={{ input: { fontFamily: 'monospace', fontSize: 13 } }}
          spellCheck={false}
        />
        <Group>
          <Button
            onClick={() => void run(true)}
            loading={busy && !canImport}
            disabled={text.trim() === ''}
            variant="light"
          >
            {t('people.import.check')}
          </Button>
          <Button onClick={() => void run(false)} loading={busy && canImport} disabled={!canImport}>
            {t('people.import.run')}
          </Button>
        </Group>
        {!canImport && text.trim() !== '' && (
          <Text size="sm" c="dimmed">
            {t('people.import.checkFirst')}
          </Text>
        )}
        {report?.kind === 'lines' && (
          <Alert color="red" role="alert" title={t('people.import.badTitle', { count: bad.length })}>
            <Stack gap="xs">
              <Text size="sm">{t('people.import.badHint')}</Text>
              {wide ? (
                <Table withTableBorder striped data-testid="import-errors">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th w={72}>{t('people.import.line')}</Table.Th>
                      <Table.Th w="38%">{t('people.import.lineText')}</Table.Th>
                      <Table.Th>{t('people.import.reason')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {bad.map((b) => (
                      <Table.Tr key={b.line} data-testid="import-error">
                        <Table.Td>{b.line}</Table.Td>
                        <Table.Td>
                          <LineText text={lines[b.line - 1]} />
                        </Table.Td>
                        <Table.Td style={{ overflowWrap: 'anywhere' }}>
                          <Reasons reasons={b.reasons} />
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              ) : (
                <Stack gap="xs" data-testid="import-errors">
                  {bad.map((b) => (
                    <Card key={b.line} withBorder padding="sm" radius="md" data-testid="import-error">
                      <Text size="sm" fw={700}>
                        {t('people.import.lineOf', { line: b.line })}
                      </Text>
                      <LineText text={lines[b.line - 1]} />
                      <Box mt={6} style={{ overflowWrap: 'anywhere' }}>
                        <Reasons reasons={b.reasons} />
                      </Box>
                    </Card>
                  ))}
                </Stack>
              )}
            </Stack>
          </Alert>
        )}
        {report?.kind === 'ok' && (
          <Alert color={report.dry ? 'blue' : 'teal'} role="status" data-testid="import-result">
            {t(report.dry ? 'people.import.wouldDo' : 'people.import.done', {
              created: report.created,
              updated: report.updated,
              unchanged: report.unchanged,
            })}
          </Alert>
        )}
        {report?.kind === 'failed' && (
          <Alert color="red" role="alert" title={errorText(report.error)}>
            {report.error.message}
            {report.error.requestId && (
              <Text size="sm" mt={4}>
                {t('errors.requestId')} <Code>{report.error.requestId}</Code>
              </Text>
            )}
          </Alert>
        )}
      </Stack>
    </Paper>
  );
}

/** A line of the file as the clerk typed it. */
function LineText({ text }: { text: string | undefined }) {
  return <Code style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>{text ?? ''}</Code>;
}

/** A line's reasons: one sentence, or a list of them. */
function Reasons({ reasons }: { reasons: string[] }) {
  if (reasons.length === 1) return <Text size="sm">{reasons[0]}</Text>;
  return (
    <List size="sm" spacing={4}>
      {reasons.map((r, j) => (
        <List.Item key={j}>{r}</List.Item>
      ))}
    </List>
  );
}
