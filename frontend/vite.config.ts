import { defineConfig } from 'vite';

// The Go server serves dist/ at / and answers the API under /api; in
// development Vite proxies the API to a running `juri`.
export default defineConfig({
  build: { outDir: 'dist', emptyOutDir: true },
  server: {
    proxy: {
      '/api': 'http://localhost:8080',
      '/healthz': 'http://localhost:8080',
      '/readyz': 'http://localhost:8080',
    },
  },
});
