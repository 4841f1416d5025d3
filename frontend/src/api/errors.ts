// One error type for every failed call, carrying what the API's error shape
// says (code, message, fields, request_id, and on some 409s the object as it
// is now), so pages can show the reason and the request id.

export type ErrorCode =
  | 'bad_request'
  | 'validation_failed'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'deadline_passed'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'too_many_requests'
  | 'unavailable'
  | 'insufficient_storage'
  | 'internal'
  | 'method_not_allowed'
  | 'network';

export interface ErrorBody {
  error?: {
    code?: string;
    message?: string;
    fields?: Record<string, string>;
    request_id?: string;
    current?: unknown;
  };
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: ErrorCode;
  readonly fields: Record<string, string>;
  readonly requestId: string | null;
  readonly current: unknown;

  constructor(status: number, body: ErrorBody | undefined, requestId?: string | null) {
    const e = body?.error;
    super(e?.message ?? (status === 0 ? 'network error' : `HTTP ${status}`));
    this.status = status;
    this.code = (e?.code as ErrorCode | undefined) ?? (status === 0 ? 'network' : 'internal');
    this.fields = e?.fields ?? {};
    this.requestId = e?.request_id ?? requestId ?? null;
    this.current = e?.current;
  }

  get isNetwork(): boolean {
    return this.status === 0;
  }
}

export const networkError = () => new ApiError(0, undefined);

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError;
}
