// Where the API is. Empty means the origin that served the page (the juri
// binary serves both). An operator who serves the web app elsewhere sets the
// API's origin in index.html's <meta name="juri-api-base"> (no rebuild needed)
// or builds with VITE_API_BASE_URL, and lists the page's origin in
// JURI_CORS_ORIGINS on the server.
function readBase(): string {
  const meta = typeof document !== 'undefined' ? document.querySelector('meta[name="juri-api-base"]') : null;
  const fromMeta = meta?.getAttribute('content')?.trim();
  const fromEnv = (import.meta.env.VITE_API_BASE_URL as string | undefined)?.trim();
  return (fromMeta || fromEnv || '').replace(/\/+$/, '');
}

export const apiBase = readBase();
export const apiV1 = `${apiBase}/api/v1`;
/** An absolute URL for fetch and XHR, also when apiBase is empty. */
export const absoluteV1 = () =>
  new URL(apiV1 || '/api/v1', window.location.origin).toString().replace(/\/+$/, '');
