import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Plugin } from 'vite';

// pdf.js draws the 14 standard PDF fonts from its own font files; ship them
// with the app under /pdfjs/standard_fonts/ (never a CDN).
function pdfjsFonts(): Plugin {
  const dir = join(import.meta.dirname, 'node_modules/pdfjs-dist/standard_fonts');
  return {
    name: 'juri-pdfjs-fonts',
    generateBundle() {
      for (const f of readdirSync(dir)) {
        this.emitFile({
          type: 'asset',
          fileName: `pdfjs/standard_fonts/${f}`,
          source: readFileSync(join(dir, f)),
        });
      }
    },
    configureServer(server) {
      server.middlewares.use('/pdfjs/standard_fonts/', (req, res, next) => {
        const name = (req.url ?? '').replace(/^\//, '').split('?')[0] ?? '';
        if (!/^[A-Za-z0-9_-]+\.(pfb|ttf)$/.test(name)) return next();
        res.end(readFileSync(join(dir, name)));
      });
    },
  };
}

// The Go server serves dist/ at / and answers the API under /api; in
// development Vite proxies the API to a running `juri` (make run).
export default defineConfig({
  plugins: [react(), pdfjsFonts()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // pdf.js alone is about 1 MB; it is loaded only when a PDF is shown.
    chunkSizeWarningLimit: 1500,
  },
  server: {
    proxy: {
      '/api': 'http://localhost:8080',
      '/healthz': 'http://localhost:8080',
      '/readyz': 'http://localhost:8080',
    },
  },
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
});
