// Downloads that need the session's token (an <a href> cannot send it): the
// file is fetched through the session and handed to the browser as a blob.
import { session } from '../../../api/client';
import { absoluteV1 } from '../../../api/config';
import { ApiError, type ErrorBody } from '../../../api/errors';

export async function downloadFile(path: string, fallbackName: string): Promise<void> {
  const res = await session.fetch(new Request(`${absoluteV1()}${path}`));
  if (!res.ok) {
    const body = (await res.json().catch(() => ({}))) as ErrorBody;
    throw new ApiError(res.status, body, res.headers.get('X-Request-ID'));
  }
  const disposition = res.headers.get('Content-Disposition') ?? '';
  const name = /filename="?([^";]+)"?/.exec(disposition)?.[1] ?? fallbackName;
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
