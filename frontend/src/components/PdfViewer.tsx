// Shows a PDF with pdf.js page by page on canvases, because phone browsers do
// not show PDFs inline. The bytes come through the session (the file needs the
// token); the worker and the fonts come from this app's own bundle, never a
// CDN. Loaded lazily: pdf.js is large and only judges and owners need it.
import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { GlobalWorkerOptions, getDocument, type PDFDocumentProxy } from 'pdfjs-dist';
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';
import { absoluteV1 } from '../api/config';
import { session } from '../api/client';
import { LoadingState } from './states';

GlobalWorkerOptions.workerSrc = workerUrl;

const firstPages = 5;

export interface PdfViewerProps {
  fileId: number;
  filename: string;
}

export default function PdfViewer({ fileId, filename }: PdfViewerProps) {
  const { t } = useTranslation();
  const [doc, setDoc] = useState<PDFDocumentProxy | null>(null);
  const [bytes, setBytes] = useState<Blob | null>(null);
  const [failed, setFailed] = useState(false);
  const [shown, setShown] = useState(firstPages);
  // Zoom beyond the column's width scrolls sideways inside the viewer only.
  const [zoom, setZoom] = useState(1);

  useEffect(() => {
    let cancelled = false;
    let loaded: PDFDocumentProxy | null = null;
    // A new file gets a new viewer (the parent keys it by file id), so state starts empty.
    (async () => {
      try {
        const res = await session.fetch(new Request(`${absoluteV1()}/files/${fileId}/content?inline=1`));
        if (!res.ok) throw new Error(String(res.status));
        const buf = await res.arrayBuffer();
        if (cancelled) return;
        setBytes(new Blob([buf], { type: 'application/pdf' }));
        loaded = await getDocument({
          data: new Uint8Array(buf),
          isEvalSupported: false,
          standardFontDataUrl: '/pdfjs/standard_fonts/',
        }).promise;
        if (!cancelled) setDoc(loaded);
      } catch {
        if (!cancelled) setFailed(true);
      }
    })();
    return () => {
      cancelled = true;
      void loaded?.destroy();
    };
  }, [fileId]);

  const download = () => {
    if (!bytes) return;
    const url = URL.createObjectURL(bytes);
    const a = document.createElement('a');
    a.href = url;
    a.download = filename;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };

  if (failed) {
    return (
      <Alert color="red" role="alert">
        {t('pdf.failed')}
      </Alert>
    );
  }
  if (!doc) return <LoadingState label={t('pdf.loading')} />;
  const pages = Math.min(shown, doc.numPages);
  return (
    <Stack gap="xs" data-testid="pdf-viewer" aria-label={t('pdf.label', { name: filename })} role="region">
      <Group justify="space-between">
        <Text size="sm" data-testid="pdf-pages">
          {t('pdf.pages', { count: doc.numPages })}
        </Text>
        <Group gap="xs">
          <Button
            variant="default"
            size="sm"
            onClick={() => setZoom((z) => Math.max(1, z - 0.5))}
            disabled={zoom <= 1}
          >
            {t('pdf.zoomOut')}
          </Button>
          <Text size="sm" aria-live="polite">
            {t('pdf.zoom', { percent: Math.round(zoom * 100) })}
          </Text>
          <Button
            variant="default"
            size="sm"
            onClick={() => setZoom((z) => Math.min(3, z + 0.5))}
            disabled={zoom >= 3}
          >
            {t('pdf.zoomIn')}
          </Button>
          <Button variant="default" size="sm" onClick={download} disabled={!bytes}>
            {t('pdf.download')}
          </Button>
        </Group>
      </Group>
      <div
        style={{ overflowX: 'auto' }}
        tabIndex={zoom > 1 ? 0 : undefined}
        aria-label={zoom > 1 ? t('pdf.label', { name: filename }) : undefined}
      >
        <div style={{ width: `${zoom * 100}%` }}>
          {Array.from({ length: pages }, (_, i) => (
            <PdfPage key={`${i}-${zoom}`} doc={doc} number={i + 1} />
          ))}
        </div>
      </div>
      {pages < doc.numPages && (
        <Button variant="light" onClick={() => setShown((n) => n + 10)}>
          {t('pdf.more', { count: doc.numPages - pages })}
        </Button>
      )}
    </Stack>
  );
}

function PdfPage({ doc, number }: { doc: PDFDocumentProxy; number: number }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    let task: { cancel: () => void; promise: Promise<void> } | null = null;
    let cancelled = false;
    void (async () => {
      const page = await doc.getPage(number);
      const canvas = ref.current;
      if (!canvas || cancelled) return;
      const width = canvas.parentElement?.clientWidth || 600;
      const base = page.getViewport({ scale: 1 });
      const scale = (width / base.width) * Math.min(2, window.devicePixelRatio || 1);
      const viewport = page.getViewport({ scale });
      canvas.width = viewport.width;
      canvas.height = viewport.height;
      const ctx = canvas.getContext('2d');
      if (!ctx) return;
      task = page.render({ canvas, canvasContext: ctx, viewport });
      await task.promise.catch(() => undefined);
      canvas.dataset.rendered = 'true';
    })();
    return () => {
      cancelled = true;
      task?.cancel();
    };
  }, [doc, number]);
  return (
    <div className="pdf-page">
      <canvas ref={ref} role="img" aria-label={t('pdf.page', { number })} />
    </div>
  );
}
