// Checks the browser makes before it sends, with the limits the server
// publishes (GET /settings), so a user learns at once what the server would
// refuse. The server still decides. Functions answer i18n keys (with values),
// never sentences, so the page can say them in the user's language.

export interface Problem {
  key: string;
  values?: Record<string, string | number>;
}

export interface UploadRules {
  max_bytes: number;
  proposal_types: string[];
  supporting_types: string[];
}

/** The extensions a browser may report for each type the server accepts. */
const extensions: Record<string, string[]> = {
  'application/pdf': ['pdf'],
  'image/png': ['png'],
  'image/jpeg': ['jpg', 'jpeg'],
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': ['docx'],
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': ['xlsx'],
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': ['pptx'],
};

/** The extensions (".pdf, .png") of a list of types, for messages and the file picker. */
export function typeNames(types: string[]): string {
  return types
    .flatMap((t) => extensions[t] ?? [])
    .map((e) => `.${e.toUpperCase()}`)
    .join(', ');
}

export function acceptAttribute(types: string[]): Record<string, string[]> {
  return Object.fromEntries(types.map((t) => [t, (extensions[t] ?? []).map((e) => `.${e}`)]));
}

/**
 * Checks a file against the server's rules for its kind. The type is judged
 * by the declared type or, when the browser declares none, by the extension;
 * the server looks at the bytes themselves.
 */
export function checkFile(
  file: { name: string; size: number; type: string },
  kind: 'proposal' | 'supporting',
  rules: UploadRules,
): Problem | null {
  const allowed = kind === 'proposal' ? rules.proposal_types : rules.supporting_types;
  const ext = file.name.includes('.') ? file.name.split('.').pop()!.toLowerCase() : '';
  const byType = file.type !== '' && allowed.includes(file.type);
  const byExt = file.type === '' && allowed.some((t) => (extensions[t] ?? []).includes(ext));
  if (!byType && !byExt) {
    return { key: 'upload.wrongType', values: { name: file.name, types: typeNames(allowed) } };
  }
  if (file.size === 0) return { key: 'upload.empty', values: { name: file.name } };
  if (file.size > rules.max_bytes) {
    return {
      key: 'upload.tooLarge',
      values: { name: file.name, size: formatBytes(file.size), max: formatBytes(rules.max_bytes) },
    };
  }
  return null;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${Math.round(n / 1024)} KB`;
  return `${(n / (1024 * 1024)).toFixed(1).replace(/\.0$/, '')} MB`;
}

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export interface Registration {
  name: string;
  email: string;
  password: string;
  password2: string;
  organization_id: string | null;
}

/** The registration form's problems by field; empty when it may be sent. */
export function checkRegistration(r: Registration, minPassword: number): Record<string, Problem> {
  const out: Record<string, Problem> = {};
  if (r.name.trim() === '') out.name = { key: 'form.required' };
  else if (r.name.length > 200) out.name = { key: 'form.tooLong', values: { max: 200 } };
  if (!emailPattern.test(r.email.trim())) out.email = { key: 'form.email' };
  if (r.password.length < minPassword)
    out.password = { key: 'form.passwordShort', values: { min: minPassword } };
  else if (r.password.length > 256) out.password = { key: 'form.tooLong', values: { max: 256 } };
  if (r.password2 !== r.password) out.password2 = { key: 'form.passwordMismatch' };
  if (!r.organization_id) out.organization_id = { key: 'form.chooseOpd' };
  return out;
}

/** A video link must be http(s) or empty, as the server requires. */
export function checkVideoUrl(url: string): Problem | null {
  const u = url.trim();
  if (u === '') return null;
  try {
    const p = new URL(u);
    if (p.protocol === 'http:' || p.protocol === 'https:') return null;
  } catch {
    // not a URL at all
  }
  return { key: 'form.url' };
}

/** A reason (recusal, conflict, withdrawal) must be given and not too long. */
export function checkReason(text: string, max = 2000): Problem | null {
  if (text.trim() === '') return { key: 'form.reasonRequired' };
  if (text.length > max) return { key: 'form.tooLong', values: { max } };
  return null;
}
