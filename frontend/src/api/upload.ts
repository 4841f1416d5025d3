// Uploads go through XMLHttpRequest, because fetch cannot report upload
// progress; the request carries the session's token and, on a 401, refreshes
// and retries once like every other call.
import { absoluteV1 } from './config';
import { session } from './client';
import { ApiError, type ErrorBody } from './errors';
import type { components } from './schema';

export type StoredFile = components['schemas']['File'];

export interface UploadHandle {
  promise: Promise<StoredFile>;
  abort: () => void;
}

export function uploadFile(
  entryId: number,
  file: File,
  kind: 'proposal' | 'supporting',
  onProgress: (fraction: number) => void,
): UploadHandle {
  let xhr: XMLHttpRequest | null = null;
  let aborted = false;
  const send = (token: string | null) =>
    new Promise<{ status: number; body: unknown; requestId: string | null }>((resolve, reject) => {
      xhr = new XMLHttpRequest();
      xhr.open('POST', `${absoluteV1()}/entries/${entryId}/files`);
      if (token) xhr.setRequestHeader('Authorization', `Bearer ${token}`);
      xhr.upload.onprogress = (e) => {
        if (e.lengthComputable) onProgress(e.loaded / e.total);
      };
      xhr.onload = () => {
        let body: unknown;
        try {
          body = JSON.parse(xhr!.responseText);
        } catch {
          body = undefined;
        }
        resolve({ status: xhr!.status, body, requestId: xhr!.getResponseHeader('X-Request-ID') });
      };
      xhr.onerror = () => reject(new ApiError(0, undefined));
      xhr.onabort = () => reject(new ApiError(0, { error: { code: 'network', message: 'aborted' } }));
      const form = new FormData();
      form.append('kind', kind);
      form.append('file', file, file.name);
      xhr.send(form);
    });

  const promise = (async () => {
    const used = session.accessToken();
    let res = await send(used);
    if (res.status === 401 && used && !aborted) {
      const fresh = await session.refresh(used);
      if (fresh) {
        onProgress(0);
        res = await send(fresh.access_token);
      }
    }
    if (res.status >= 200 && res.status < 300) {
      onProgress(1);
      return res.body as StoredFile;
    }
    throw new ApiError(res.status, res.body as ErrorBody, res.requestId);
  })();
  return {
    promise,
    abort: () => {
      aborted = true;
      (xhr as XMLHttpRequest | null)?.abort();
    },
  };
}
