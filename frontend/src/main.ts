import './style.css';

// The placeholder page shows that the server and its database answer, and how
// many OPDs the regency has registered: a first sign that the install works.

async function check(): Promise<void> {
  const ready = document.getElementById('ready');
  const opd = document.getElementById('opd');
  if (!ready || !opd) return;
  try {
    const res = await fetch('/readyz');
    ready.textContent = res.ok ? 'siap (database tersambung)' : 'database tidak menjawab';
    ready.className = res.ok ? 'ok' : 'bad';
  } catch {
    ready.textContent = 'server tidak menjawab';
    ready.className = 'bad';
  }
  try {
    const res = await fetch('/api/v1/organizations?limit=1');
    if (res.ok) {
      const body = (await res.json()) as { total: number };
      opd.textContent = `${body.total} OPD`;
    }
  } catch {
    opd.textContent = '—';
  }
}

void check();
